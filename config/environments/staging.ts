// staging: production's shape (three AZs, Multi-AZ, cluster-mode cache, broker cluster, private API endpoint) on
// smaller instances, in its own account.
import { INTERFACE_ENDPOINT_SERVICES } from "../../common/network";
import { DEFAULT_KUBERNETES_VERSION } from "../../common/versions-cluster";
import { standardSubnets } from "../subnet-plan";
import type { EnvironmentConfig } from "../types";
import { computeNodeGroup, INGESTION, processingWorker } from "./defaults";

const AZS = ["us-west-2a", "us-west-2b", "us-west-2c"];
const VPC_CIDR = "10.20.0.0/16";

export const staging: EnvironmentConfig = {
  name: "staging",
  production: false,
  region: "us-west-2",
  availabilityZones: AZS,
  multiAz: true,
  deletionProtection: true,
  logRetentionDays: 30,
  network: {
    vpcCidr: VPC_CIDR,
    subnets: standardSubnets(VPC_CIDR, AZS),
    nat: "single",
    interfaceEndpoints: INTERFACE_ENDPOINT_SERVICES,
    flowLogRetentionDays: 30,
  },
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
  cluster: {
    kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
    endpoint: { mode: "private" },
    adminRoleArns: [],
    nodeGroups: {
      general: { instanceTypes: ["m6i.xlarge", "m5.xlarge"], capacity: "onDemand", minSize: 1, desiredSize: 2, maxSize: 10, diskGiB: 50 },
      compute: computeNodeGroup(["c6i.2xlarge", "c5.2xlarge"], 8),
    },
    monitoring: {
      prometheusRetentionDays: 15,
      prometheusStorageGiB: 50,
      alertmanagerStorageGiB: 2,
      grafanaStorageGiB: 10,
      lokiRetentionDays: 14,
      lokiStorageGiB: 20,
      logs: { mode: "simple-scalable" },
      alerting: {
        receivers: { "platform-chat": { kind: "slack", channel: "#aec-platform-staging" } },
        defaultReceiver: "platform-chat",
        routes: [],
      },
    },
    workloads: { processing: processingWorker(2, 8) },
  },
  handlers: {
    runtime: "nodejs22.x",
    logLevel: "info",
    functions: {
      ingestion: { memoryMiB: 512, timeoutSeconds: 60, reservedConcurrency: 5, p99AlarmMs: 30_000 },
      query: { memoryMiB: 1024, timeoutSeconds: 10, reservedConcurrency: 10, p99AlarmMs: 3_000 },
      migrate: { memoryMiB: 256, timeoutSeconds: 900, reservedConcurrency: 1, p99AlarmMs: 600_000 },
    },
    ingestion: INGESTION,
    api: {
      // A PLACEHOLDER under example.com, like dev's: set your identity provider's before deploying.
      jwtIssuer: "https://auth.example.com/aec-platform-staging/",
      jwtAudience: ["aec-platform-api-staging"],
      throttlingBurstLimit: 50,
      throttlingRateLimit: 25,
      cacheTtlSeconds: 60,
      clientRateLimitRequests: 100,
      clientRateLimitWindowSeconds: 60,
    },
    alarms: { periodSeconds: 60, evaluationPeriods: 5, errors: 5, throttles: 5, api5xx: 10 },
  },
  // State in a bucket of staging's own account (created by staging-bootstrap); replace the name with your own.
  state: { bucket: "aec-platform-staging-tfstate-us-west-2", region: "us-west-2" },
};
