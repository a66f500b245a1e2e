// prod: the architecture's platform in us-west-2, in its own account; prod-dr stands in for it in us-east-1.
import { INTERFACE_ENDPOINT_SERVICES } from "../../common/network";
import { DEFAULT_KUBERNETES_VERSION } from "../../common/versions-cluster";
import { standardSubnets } from "../subnet-plan";
import type { EnvironmentConfig } from "../types";
import { computeNodeGroup, INGESTION, processingWorker } from "./defaults";

const AZS = ["us-west-2a", "us-west-2b", "us-west-2c"];
const VPC_CIDR = "10.0.0.0/16";

export const prod: EnvironmentConfig = {
  name: "prod",
  production: true,
  region: "us-west-2",
  availabilityZones: AZS,
  multiAz: true,
  deletionProtection: true,
  logRetentionDays: 90,
  network: {
    vpcCidr: VPC_CIDR,
    subnets: standardSubnets(VPC_CIDR, AZS),
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
  cluster: {
    kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
    endpoint: { mode: "private" },
    adminRoleArns: [],
    nodeGroups: {
      // Spot across four same-shape types (4 vCPU, 16 GiB) so the autoscaler's sizing holds for every node.
      general: {
        instanceTypes: ["m6i.xlarge", "m5.xlarge", "m6a.xlarge", "m5a.xlarge"],
        capacity: "spot",
        minSize: 1,
        desiredSize: 3,
        maxSize: 10,
        diskGiB: 50,
      },
      compute: computeNodeGroup(["c6i.4xlarge", "c5.4xlarge"], 8),
    },
    monitoring: {
      prometheusRetentionDays: 30,
      prometheusStorageGiB: 200,
      alertmanagerStorageGiB: 5,
      alertmanagerReplicas: 3,
      grafanaStorageGiB: 10,
      lokiRetentionDays: 30,
      lokiStorageGiB: 50,
      logs: { mode: "simple-scalable" },
      alerting: {
        receivers: {
          "platform-oncall": { kind: "pagerduty" },
          "platform-chat": { kind: "slack", channel: "#aec-platform-alerts" },
        },
        defaultReceiver: "platform-chat",
        routes: [{ matchers: ['severity="critical"'], receiver: "platform-oncall" }],
      },
    },
    workloads: { processing: processingWorker(2, 24) },
  },
  handlers: {
    runtime: "nodejs22.x",
    logLevel: "info",
    functions: {
      ingestion: { memoryMiB: 1024, timeoutSeconds: 60, reservedConcurrency: 20, p99AlarmMs: 30_000 },
      query: { memoryMiB: 1024, timeoutSeconds: 10, reservedConcurrency: 50, p99AlarmMs: 2_000 },
      migrate: { memoryMiB: 512, timeoutSeconds: 900, reservedConcurrency: 1, p99AlarmMs: 600_000 },
    },
    ingestion: INGESTION,
    api: {
      // A PLACEHOLDER under example.com, like dev's: set your identity provider's before deploying.
      jwtIssuer: "https://auth.example.com/aec-platform/",
      jwtAudience: ["aec-platform-api"],
      throttlingBurstLimit: 200,
      throttlingRateLimit: 100,
      cacheTtlSeconds: 60,
      clientRateLimitRequests: 100,
      clientRateLimitWindowSeconds: 60,
    },
    alarms: { periodSeconds: 60, evaluationPeriods: 3, errors: 1, throttles: 1, api5xx: 5 },
  },
  // State in a bucket of prod's own account (created by prod-bootstrap); replace the name with your own.
  state: { bucket: "aec-platform-tfstate-us-west-2", region: "us-west-2" },
};
