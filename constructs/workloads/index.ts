// Public entry point `aec-platform-kit/workloads`: containerised services and workers on the cluster.
export { type Manifest, type WorkloadSecret } from "./custom-resources";
export { imageReference, imageReferenceKind } from "./validate";
export { DEFAULTS as WORKLOAD_DEFAULTS, Workload, type WorkloadEgress, type WorkloadProps, type WorkloadScaling } from "./workload";
export { WorkloadIdentity, type WorkloadIdentityProps } from "./workload-identity";
