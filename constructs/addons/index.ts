// Public entry point `aec-platform-kit/addons`: what runs inside the cluster (kubernetes and helm providers).
export { ChartRelease, type ChartReleaseProps } from "./chart-release";
export { ClusterConnection, type ClusterConnectionProps } from "./cluster-connection";
export { ClusterControllers, type ClusterControllersProps } from "./cluster-controllers";
export { ControllerIdentity, type ControllerIdentityProps } from "./controller-identity";
export { EncryptedStorageClass, type EncryptedStorageClassProps } from "./encrypted-storage-class";
export { PlatformNamespace, type ContainerDefaults, type PlatformNamespaceProps, type PodSecurityLevel } from "./platform-namespace";
