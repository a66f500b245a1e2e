// dev: its own account, two AZs, no deletion protection; sized to idle cheaply and to be rebuilt often.
import { NULL_RECEIVER } from "../../common/alerting";
import { DEFAULT_KUBERNETES_VERSION } from "../../common/versions-cluster";
import { standardSubnets } from "../subnet-plan";
import type { EnvironmentConfig } from "../types";
import { computeNodeGroup, INGESTION, processingWorker } from "./defaults";

const AZS = ["us-west-2a", "us-west-2b"];
const VPC_CIDR = "10.10.0.0/16";

export const dev: EnvironmentConfig = {
  name: "dev",
  production: false,
  region: "us-west-2",
  availabilityZones: AZS,
  multiAz: false,
  deletionProtection: false,
  logRetentionDays: 14,
  network: {
    vpcCidr: VPC_CIDR,
    subnets: standardSubnets(VPC_CIDR, AZS),
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
  cluster: {
    kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
    // Lets engineers deploy the add-ons stack from outside the VPC. 203.0.113.0/24 is a documentation range:
    // replace it with your office or VPN egress before the first deploy.
    endpoint: { mode: "privateAndPublic", publicCidrs: ["203.0.113.0/24"] },
    adminRoleArns: [],
    nodeGroups: {
      general: { instanceTypes: ["m6i.large", "m5.large"], capacity: "onDemand", minSize: 1, desiredSize: 2, maxSize: 4, diskGiB: 50 },
      compute: computeNodeGroup(["c6i.2xlarge", "c5.2xlarge"], 2),
    },
    monitoring: {
      prometheusRetentionDays: 7,
      prometheusStorageGiB: 20,
      alertmanagerStorageGiB: 1,
      grafanaStorageGiB: 5,
      lokiRetentionDays: 7,
      lokiStorageGiB: 20,
      alerting: { receivers: {}, defaultReceiver: NULL_RECEIVER, routes: [] },
    },
    workloads: { processing: processingWorker(1, 4) },
  },
  handlers: {
    runtime: "nodejs22.x",
    logLevel: "debug",
    functions: {
      ingestion: { memoryMiB: 512, timeoutSeconds: 60, reservedConcurrency: 2, p99AlarmMs: 30_000 },
      query: { memoryMiB: 512, timeoutSeconds: 10, reservedConcurrency: 5, p99AlarmMs: 3_000 },
      migrate: { memoryMiB: 256, timeoutSeconds: 900, reservedConcurrency: 1, p99AlarmMs: 600_000 },
    },
    ingestion: INGESTION,
    api: {
      // A PLACEHOLDER under example.com: set your identity provider's issuer (e.g.
      // https://cognito-idp.<region>.amazonaws.com/<pool-id>) and audience before deploying. Until then every
      // authorized route answers 401, and synth warns.
      jwtIssuer: "https://auth.example.com/aec-platform-dev/",
      jwtAudience: ["aec-platform-api-dev"],
      throttlingBurstLimit: 20,
      throttlingRateLimit: 10,
      cacheTtlSeconds: 30,
      clientRateLimitRequests: 100,
      clientRateLimitWindowSeconds: 60,
    },
    alarms: { periodSeconds: 300, evaluationPeriods: 1, errors: 5, throttles: 5, api5xx: 10 },
  },
  // State in a bucket of dev's own account (created by dev-bootstrap). Bucket names are global: replace it with
  // your organisation's before the first deploy.
  state: { bucket: "aec-platform-dev-tfstate-us-west-2", region: "us-west-2" },
};
