// Public entry point `aec-platform-kit/config`: the shape of an environment definition and the subnet plan helper,
// for environment lists of your own. The kit's own environments are not exported: they are the template's to edit.
export type {
  AwsRegion,
  BootstrapConfig,
  DisasterRecoveryConfig,
  DrMode,
  EnvironmentConfig,
  NetworkConfig,
  ProjectConfig,
  StateConfig,
} from "./types";
export type { CacheConfig, DatabaseConfig, DataTierConfig, StorageConfig } from "./data-types";
export type { ClusterSettings, MonitoringSettings } from "./cluster";
export { standardSubnets } from "./subnet-plan";
