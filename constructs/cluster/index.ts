// Public entry point `aec-platform-kit/cluster`.
export { KubernetesCluster, type KubernetesClusterProps } from "./kubernetes-cluster";
export { ManagedNodeGroup, type ManagedNodeGroupProps } from "./node-group";
export { EksManagedAddons, type EksManagedAddonsProps } from "./managed-addons";
export { PodIdentityRole, type ClusterIdentity, type PodIdentityRoleProps } from "./pod-identity-role";
export type { EndpointAccess, NodeGroupSettings, NodeTaint } from "../../common/cluster";
