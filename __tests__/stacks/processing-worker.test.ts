import { Testing } from "cdktf";
import { platform, dev } from "../../config/environments";
import { ConfigError } from "../../common/problems";
import { checkProcessingWorker } from "../../common/workloads";
import { ClusterAddonsStack } from "../../stacks/cluster-addons-stack";
import { PlatformStack } from "../../stacks/platform-stack";
import { platformContract } from "../../stacks/platform-contract";
import { WORKER_ENV } from "../../lambdas/shared/env";
import { processingWorkerEnvironment } from "../../stacks/processing-worker";
import { warningsIn, type SynthJson } from "../helpers";

const contract = platformContract("aec-platform", dev);
const settings = dev.cluster.workloads.processing;

describe("processing worker environment", () => {
  const endpoints = { pgHost: "db", pgPort: "5432", pgDatabase: "app", redisHost: "cache", redisPort: "6379", redisCluster: "false", documentsBucket: "docs", region: "us-west-2" };

  it("names every variable of the worker's contract, with aec_worker over IAM and the topology's queue", () => {
    const env = processingWorkerEnvironment(contract, settings, { ...endpoints, broker: { kind: "rabbitmq", host: "mq", port: 5671 } });
    expect(Object.keys(env).sort()).toEqual(
      ["AMQP_EXCHANGE", "AMQP_HOST", "AMQP_PORT", "AMQP_QUEUE", "AMQP_VHOST", "AWS_REGION", "BROKER_KIND", "DOCUMENTS_BUCKET", "HEALTH_PORT", "METRICS_PORT",
        "PG_AUTH_MODE", "PG_DATABASE", "PG_HOST", "PG_PORT", "PG_USER", "REDIS_AUTH_MODE", "REDIS_CLUSTER", "REDIS_HOST", "REDIS_PORT", "REDIS_REPLICATION_GROUP_ID",
        "REDIS_USER", "SHUTDOWN_GRACE_SECONDS", "TLS_ENABLED", "WORKER_CONCURRENCY", "WORKER_PREFETCH"].sort(),
    );
    expect(env).toMatchObject({ PG_USER: "aec_worker", PG_AUTH_MODE: "iam", AMQP_QUEUE: "files.processing", AMQP_EXCHANGE: "files", HEALTH_PORT: "8080", METRICS_PORT: "9464", WORKER_PREFETCH: "20", WORKER_CONCURRENCY: "8", SHUTDOWN_GRACE_SECONDS: "30", REDIS_USER: "aec-platform-dev-cache-app" });
  });

  it("sets only variables the worker reads (WORKER_ENV), and every required one the Deployment must provide", () => {
    const known = new Set<string>(WORKER_ENV.map((v) => v.name));
    for (const broker of [{ kind: "rabbitmq" as const, host: "mq", port: 5671 }, { kind: "kafka" as const, brokers: "b:9098" }]) {
      const env = processingWorkerEnvironment(contract, settings, { ...endpoints, broker });
      expect(Object.keys(env).filter((name) => !known.has(name))).toEqual([]);
      const required = WORKER_ENV.filter((v) => v.required === true).map((v) => v.name);
      // The broker password and the Pod Identity variables come from the Secret and the runtime, not this map.
      const fromElsewhere = new Set(["AMQP_USERNAME", "AMQP_PASSWORD", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"]);
      expect(required.filter((name) => !(name in env) && !fromElsewhere.has(name))).toEqual([]);
    }
  });

  it("names the Kafka brokers, topic and group on Kafka", () => {
    const env = processingWorkerEnvironment(contract, settings, { ...endpoints, broker: { kind: "kafka", brokers: "b:9098" } });
    expect(env).toMatchObject({ BROKER_KIND: "kafka", KAFKA_BROKERS: "b:9098", KAFKA_TOPIC: "file-events", KAFKA_GROUP_ID: "aec-processing" });
    expect(env.AMQP_HOST).toBeUndefined();
  });
});

describe("processing worker settings", () => {
  it.each([
    ["a latest image", { image: "latest" }, "x.image"],
    ["max below min", { minReplicas: 3, maxReplicas: 2 }, "x.maxReplicas"],
    ["concurrency above prefetch", { concurrency: 30 }, "x.concurrency"],
    ["no replicas", { minReplicas: 0 }, "x.minReplicas"],
    ["a short drain", { shutdownGraceSeconds: 1 }, "x.shutdownGraceSeconds"],
  ])("fails for %s", (_n, change, field) => {
    expect(checkProcessingWorker("x", { ...settings, ...change }).map((p) => p.field)).toContain(field);
  });

  it("accepts the shipped placeholder and a digest", () => {
    expect(checkProcessingWorker("x", settings)).toEqual([]);
    expect(checkProcessingWorker("x", { ...settings, image: `sha256:${"0".repeat(64)}` })).toEqual([]);
  });

  it("fails the add-ons stack of an environment without the section, with the usual error", () => {
    const broken = { ...dev, cluster: { ...dev.cluster, workloads: undefined as never } };
    expect(() => new ClusterAddonsStack(Testing.app(), { project: "aec-platform", environment: broken })).toThrow(ConfigError);
  });
});

describe.each(platform.environments.filter((e) => e.name !== "prod-dr").map((e) => [e.name, e] as const))("%s", (name, environment) => {
  const addons = new ClusterAddonsStack(Testing.app(), { project: "aec-platform", environment });
  const tf = addons.toTerraform() as SynthJson;

  it("runs the worker on the compute node group in aec-processing, scaled by KEDA on files.processing", () => {
    const [deployment] = Object.values(tf.resource!.kubernetes_deployment_v1!);
    const spec = (deployment!.spec as { template: { spec: Record<string, unknown> } }).template.spec;
    expect(deployment!.metadata).toMatchObject({ name: "processing-worker", namespace: "aec-processing" });
    expect(spec.node_selector).toEqual({ nodegroup: "compute" });
    expect(spec.termination_grace_period_seconds).toBe(45);
    const values = (Object.values(tf.resource!.helm_release!).find((r) => r.name === "processing-worker-resources")!.values as string[])[0]!;
    expect(values).toContain("queueName: files.processing");
    expect(values).toContain(`key: aec-platform/${name}/broker/aec-worker`);
  });

  it("warns that the shipped image is a placeholder", () => {
    expect(warningsIn(addons.processingWorker)).toEqual([
      `${name}.cluster.workloads.processing.image is the placeholder "0.0.0-placeholder": pods cannot pull it. Set the tag or digest CI pushed to aec-platform/${name}/processing-worker before deploying.`,
    ]);
  });

  it("grants the worker's role read on documents and IAM sign-in as aec_worker, bound to its service account", () => {
    const stack = new PlatformStack(Testing.app(), { project: "aec-platform", environment });
    const json = stack.toTerraform() as SynthJson;
    const [association] = Object.values(json.resource!.aws_eks_pod_identity_association!).filter((a) => a.namespace === "aec-processing");
    expect(association).toMatchObject({ service_account: "processing-worker" });
    const policies = Object.values(json.resource!.aws_iam_role_policy!).filter((p) => String(p.role).includes("processing-worker"));
    expect(policies.map((p) => p.name).sort()).toEqual(["buckets-documents-read", "cache-connect", "database-connect-aec-worker"]);
    expect(String(policies.find((p) => p.name === "database-connect-aec-worker")!.policy)).toContain("/aec_worker");
  });
});
