// The kit's environments. To add one, append an entry (see README "Adding an environment"); validation runs at synth.
import { standardSubnets } from "./subnet-plan";
import { INTERFACE_ENDPOINT_SERVICES } from "../common/network";
import type { EnvironmentConfig, ProjectConfig } from "./types";

const PRIMARY_AZS = ["us-west-2a", "us-west-2b", "us-west-2c"];
const DR_AZS = ["us-east-1a", "us-east-1b", "us-east-1c"];

// One state bucket per account and region (each is created by its `<env>-bootstrap` stack): an account per
// environment, and prod-dr in prod's account but its own region, so that rebuilding in us-east-1 never needs
// us-west-2 to answer. Bucket names are globally unique: replace them with your organisation's before the first deploy.
const DEV_STATE = { bucket: "aec-platform-dev-tfstate-us-west-2", region: "us-west-2" } as const;
const STAGING_STATE = { bucket: "aec-platform-staging-tfstate-us-west-2", region: "us-west-2" } as const;
const PRIMARY_STATE = { bucket: "aec-platform-tfstate-us-west-2", region: "us-west-2" } as const;
const DR_STATE = { bucket: "aec-platform-tfstate-us-east-1", region: "us-east-1" } as const;

export const dev: EnvironmentConfig = {
  name: "dev",
  production: false,
  region: "us-west-2",
  availabilityZones: PRIMARY_AZS.slice(0, 2),
  multiAz: false,
  deletionProtection: false,
  logRetentionDays: 14,
  network: {
    vpcCidr: "10.10.0.0/16",
    subnets: standardSubnets("10.10.0.0/16", PRIMARY_AZS.slice(0, 2)),
    nat: "single",
    // Interface endpoints cost per AZ-hour; dev reaches AWS APIs through its NAT instead.
    interfaceEndpoints: [],
    flowLogRetentionDays: 14,
  },
  data: {
    database: {
      engineVersion: "17",
      // Burstable: dev databases idle most of the day and live on CPU credits.
      instanceClass: "db.t4g.small",
      storageGiB: 20,
      maxStorageGiB: 100,
      backupRetentionDays: 7,
      slowQueryThresholdMs: 500,
    },
    // One node: cluster mode needs a replica per shard (automatic failover), which dev does not pay for.
    cache: {
      engineVersion: "8.2",
      nodeType: "cache.t4g.micro",
      clusterMode: "disabled",
      shards: 1,
      replicasPerShard: 0,
      automaticFailover: false,
      snapshotRetentionDays: 1,
    },
    broker: { kind: "rabbitmq", instanceType: "mq.m7g.medium", deploymentMode: "SINGLE_INSTANCE" },
    storage: { noncurrentVersionExpirationDays: 7, accessLogExpirationDays: 90 },
  },
  state: DEV_STATE,
};

export const staging: EnvironmentConfig = {
  name: "staging",
  production: false,
  region: "us-west-2",
  availabilityZones: PRIMARY_AZS,
  multiAz: true,
  deletionProtection: true,
  logRetentionDays: 30,
  network: {
    vpcCidr: "10.20.0.0/16",
    subnets: standardSubnets("10.20.0.0/16", PRIMARY_AZS),
    nat: "single",
    interfaceEndpoints: INTERFACE_ENDPOINT_SERVICES,
    flowLogRetentionDays: 30,
  },
  // Production's shape (Multi-AZ, cluster mode, broker cluster) on smaller instances.
  data: {
    database: {
      engineVersion: "17",
      instanceClass: "db.t4g.large",
      storageGiB: 50,
      maxStorageGiB: 200,
      backupRetentionDays: 14,
      slowQueryThresholdMs: 500,
    },
    cache: {
      engineVersion: "8.2",
      nodeType: "cache.t4g.small",
      clusterMode: "enabled",
      shards: 1,
      replicasPerShard: 1,
      automaticFailover: true,
      snapshotRetentionDays: 7,
    },
    broker: { kind: "rabbitmq", instanceType: "mq.m7g.large", deploymentMode: "CLUSTER_MULTI_AZ" },
    storage: { noncurrentVersionExpirationDays: 30, accessLogExpirationDays: 180 },
  },
  state: STAGING_STATE,
};

export const prod: EnvironmentConfig = {
  name: "prod",
  production: true,
  region: "us-west-2",
  availabilityZones: PRIMARY_AZS,
  multiAz: true,
  deletionProtection: true,
  logRetentionDays: 90,
  network: {
    vpcCidr: "10.0.0.0/16",
    subnets: standardSubnets("10.0.0.0/16", PRIMARY_AZS),
    nat: "perAz",
    interfaceEndpoints: INTERFACE_ENDPOINT_SERVICES,
    flowLogRetentionDays: 365,
  },
  data: {
    database: {
      engineVersion: "17",
      // Graviton4 successor of the architecture's db.r6g.large: same 2 vCPU / 16 GiB shape, better price-performance.
      instanceClass: "db.r8g.large",
      storageGiB: 100,
      maxStorageGiB: 1000,
      backupRetentionDays: 30,
      slowQueryThresholdMs: 1000,
    },
    cache: {
      engineVersion: "8.2",
      nodeType: "cache.r7g.large",
      clusterMode: "enabled",
      shards: 3,
      replicasPerShard: 1,
      automaticFailover: true,
      snapshotRetentionDays: 14,
    },
    broker: { kind: "rabbitmq", instanceType: "mq.m7g.large", deploymentMode: "CLUSTER_MULTI_AZ" },
    storage: { noncurrentVersionExpirationDays: 90, accessLogExpirationDays: 365 },
  },
  state: PRIMARY_STATE,
};

/** Disaster-recovery copy of prod in the secondary region; its CIDR must not overlap prod's so the two can peer. */
export const prodDr: EnvironmentConfig = {
  ...prod,
  name: "prod-dr",
  region: "us-east-1",
  availabilityZones: DR_AZS,
  network: {
    ...prod.network,
    vpcCidr: "10.1.0.0/16",
    subnets: standardSubnets("10.1.0.0/16", DR_AZS),
  },
  state: DR_STATE,
  disasterRecovery: { primary: "prod", mode: "standby" },
};

export const platform: ProjectConfig = {
  project: "aec-platform",
  environments: [dev, staging, prod, prodDr],
};
