import { DataAwsDbInstance } from "@cdktf/provider-aws/lib/data-aws-db-instance";
import { DataAwsElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/data-aws-elasticache-replication-group";
import { DataAwsMqBroker } from "@cdktf/provider-aws/lib/data-aws-mq-broker";
import { DataAwsMskCluster } from "@cdktf/provider-aws/lib/data-aws-msk-cluster";
import { Annotations, Fn, Op, type ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import type { BrokerKind } from "../common/broker";
import { PLACEHOLDER_IMAGE_TAG, type ProcessingWorkerSettings } from "../common/workloads";
import type { NodeGroupSettings } from "../common/cluster";
import { PlatformNamespace } from "../constructs/addons/platform-namespace";
import { awsContext } from "../constructs/core/aws-context";
import { FILE_EVENTS_TOPIC } from "../constructs/handlers/handler-environment";
import { Workload } from "../constructs/workloads/workload";
import { fileEventsTopology } from "../lambdas/shared/broker-topology";
import type { PlatformContract } from "./platform-contract";

/** The node group the worker runs on: tainted, labelled `nodegroup: compute` (config/environments/defaults.ts). */
export const PROCESSING_NODE_GROUP = "compute";
const HEALTH_PORT = 8080;
const METRICS_PORT = 9464;
/** Pod grace beyond the worker's own drain budget: the process exits, then the kubelet stops waiting. */
const GRACE_MARGIN_SECONDS = 15;

/** Where the worker connects, found by the names the platform contract gives (no state of `<env>-platform` is read). */
export interface ProcessingEndpoints {
  readonly pgHost: string;
  readonly pgPort: string;
  readonly pgDatabase: string;
  readonly redisHost: string;
  readonly redisPort: string;
  readonly redisCluster: string;
  readonly broker: { readonly kind: "rabbitmq"; readonly host: string; readonly port: number } | { readonly kind: "kafka"; readonly brokers: string };
  readonly documentsBucket: string;
  readonly region: string;
}

/**
 * The worker's environment: every variable in one place, named after the worker's contract (`WORKER_ENV` in
 * lambdas/shared/env.ts) so that a test can hold the two together. Values are endpoints and names only; the broker
 * user's credentials come through `secretEnvironment`.
 */
export function processingWorkerEnvironment(contract: PlatformContract, settings: ProcessingWorkerSettings, e: ProcessingEndpoints): Record<string, string> {
  const topology = fileEventsTopology();
  const broker: Record<string, string> =
    e.broker.kind === "rabbitmq"
      ? {
          BROKER_KIND: "rabbitmq",
          AMQP_HOST: e.broker.host,
          AMQP_PORT: String(e.broker.port),
          AMQP_VHOST: "/",
          AMQP_EXCHANGE: topology.exchange,
          AMQP_QUEUE: topology.queues[0]!.name,
        }
      : { BROKER_KIND: "kafka", KAFKA_BROKERS: e.broker.brokers, KAFKA_TOPIC: FILE_EVENTS_TOPIC, KAFKA_GROUP_ID: contract.processingWorker.consumerGroup };
  return {
    AWS_REGION: e.region,
    TLS_ENABLED: "true",
    PG_HOST: e.pgHost,
    PG_PORT: e.pgPort,
    PG_DATABASE: e.pgDatabase,
    PG_AUTH_MODE: "iam",
    PG_USER: contract.processingWorker.databaseUser,
    REDIS_HOST: e.redisHost,
    REDIS_PORT: e.redisPort,
    REDIS_CLUSTER: e.redisCluster,
    REDIS_AUTH_MODE: "iam",
    REDIS_USER: `${contract.cacheName}-app`,
    REDIS_REPLICATION_GROUP_ID: contract.cacheName,
    ...broker,
    DOCUMENTS_BUCKET: e.documentsBucket,
    WORKER_PREFETCH: String(settings.prefetch),
    WORKER_CONCURRENCY: String(settings.concurrency),
    HEALTH_PORT: String(HEALTH_PORT),
    METRICS_PORT: String(METRICS_PORT),
    SHUTDOWN_GRACE_SECONDS: String(settings.shutdownGraceSeconds),
  };
}

/** Finds the data tier by name (like the cluster): read at plan, so `<env>-platform` must be deployed first. */
export function processingEndpoints(scope: Construct, contract: PlatformContract, brokerKind: BrokerKind): ProcessingEndpoints {
  const ctx = awsContext(scope);
  const db = new DataAwsDbInstance(scope, "processing-database", { dbInstanceIdentifier: contract.databaseIdentifier });
  const cache = new DataAwsElasticacheReplicationGroup(scope, "processing-cache", { replicationGroupId: contract.cacheName });
  const clusterMode = cache.clusterMode;
  const broker =
    brokerKind === "rabbitmq"
      ? (() => {
          const mq = new DataAwsMqBroker(scope, "processing-broker", { brokerName: contract.brokerName });
          return { kind: "rabbitmq" as const, host: Fn.element(Fn.regex("^amqps://([^:/]+)", Fn.element(mq.instances.get(0).endpoints, 0)), 0), port: contract.dataPorts.amqps };
        })()
      : { kind: "kafka" as const, brokers: new DataAwsMskCluster(scope, "processing-broker", { clusterName: contract.brokerName }).bootstrapBrokersSaslIam };
  return {
    pgHost: db.address,
    pgPort: String(contract.dataPorts.postgresql),
    pgDatabase: db.dbName,
    // Cluster mode answers on the configuration endpoint, a single shard on the primary endpoint.
    redisHost: Fn.coalesce([cache.configurationEndpointAddress, cache.primaryEndpointAddress]),
    redisPort: String(contract.dataPorts.valkey),
    redisCluster: Fn.conditional(Op.eq(clusterMode, "enabled"), "true", "false"),
    broker,
    documentsBucket: contract.bucketNames(ctx.accountId).documents,
    region: ctx.region,
  };
}

export interface ProcessingWorkerProps {
  readonly contract: PlatformContract;
  readonly settings: ProcessingWorkerSettings;
  readonly brokerKind: BrokerKind;
  readonly nodeGroups: Readonly<Record<string, NodeGroupSettings>>;
  /** External Secrets, KEDA and kube-prometheus-stack: their CRDs. */
  readonly dependsOn: readonly ITerraformDependable[];
}

/** The processing worker's namespace and Kubernetes half, on the compute node group, scaled on its queue. */
export function addProcessingWorker(scope: Construct, props: ProcessingWorkerProps): { namespace: PlatformNamespace; workload: Workload } {
  const { contract, settings } = props;
  const worker = contract.processingWorker;
  const ctx = awsContext(scope);
  const namespace = new PlatformNamespace(scope, "processing-namespace", {
    name: worker.namespace,
    enforce: "restricted",
    quota: { "requests.cpu": "32", "requests.memory": "64Gi", "limits.memory": "128Gi", pods: "100" },
    containerDefaults: { requestCpu: "250m", requestMemory: "512Mi", limitCpu: "1", limitMemory: "1Gi" },
  });
  const endpoints = processingEndpoints(scope, contract, props.brokerKind);
  const topology = fileEventsTopology();
  const dataPorts = contract.dataPorts;
  const brokerPorts = props.brokerKind === "rabbitmq" ? [dataPorts.amqps] : [dataPorts.kafkaIam];
  const workload = new Workload(scope, "processing-worker", {
    name: worker.serviceAccount,
    namespace: worker.namespace,
    imageRepository: `${ctx.accountId}.dkr.ecr.${ctx.region}.amazonaws.com/${contract.repositoryPrefix}/${worker.repository}`,
    imageTag: settings.image,
    requestCpu: "500m",
    requestMemory: "512Mi",
    limitCpu: "2",
    limitMemory: "1Gi",
    scaling:
      props.brokerKind === "rabbitmq"
        ? {
            kind: "rabbitmq",
            minReplicas: settings.minReplicas,
            maxReplicas: settings.maxReplicas,
            queue: topology.queues[0]!.name,
            knownQueues: topology.queues.map((q) => q.name),
            messagesPerReplica: settings.messagesPerReplica,
            credentialsSecret: "broker",
            host: (endpoints.broker as { host: string }).host,
            port: dataPorts.amqps,
            vhost: "/",
          }
        : // KEDA's Kafka scaler with MSK IAM is not wired yet (docs: README "Running a workload"): CPU until then.
          { kind: "cpu", minReplicas: settings.minReplicas, maxReplicas: settings.maxReplicas, targetCpuPercent: 70 },
    environment: processingWorkerEnvironment(contract, settings, endpoints),
    ...(props.brokerKind === "rabbitmq" && {
      secrets: { broker: { remoteKey: worker.brokerSecretName, properties: ["username", "password"] } },
      secretEnvironment: { AMQP_USERNAME: { secret: "broker", key: "username" }, AMQP_PASSWORD: { secret: "broker", key: "password" } },
    }),
    healthPort: HEALTH_PORT,
    metricsPort: METRICS_PORT,
    egress: [
      { cidr: contract.vpcCidr, ports: [dataPorts.postgresql, dataPorts.valkey, ...brokerPorts] },
      // S3 (gateway endpoint or NAT) and STS for IAM database and cache tokens are signed locally; S3 needs 443.
      { cidr: "0.0.0.0/0", ports: [443] },
    ],
    nodeGroups: props.nodeGroups,
    nodeGroup: PROCESSING_NODE_GROUP in props.nodeGroups ? PROCESSING_NODE_GROUP : undefined,
    terminationGracePeriodSeconds: settings.shutdownGraceSeconds + GRACE_MARGIN_SECONDS,
    dependsOn: [...props.dependsOn, namespace.namespace],
  });
  if (PLACEHOLDER_IMAGE_TAG.test(settings.image)) {
    Annotations.of(workload).addWarning(
      `${contract.environment}.cluster.workloads.processing.image is the placeholder "${settings.image}": pods cannot pull it. Set the tag or digest CI pushed to ${contract.repositoryPrefix}/${worker.repository} before deploying.`,
    );
  }
  return { namespace, workload };
}
