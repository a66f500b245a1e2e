import { checkHandlerEnvironment } from "../../../constructs/handlers/handler-environment";
import { loadIngestionConfig, loadMigrateConfig, loadQueryConfig } from "../../../lambdas/shared/config";
import { deployableEnvNames, RUNTIME_ENV } from "../../../lambdas/shared/env";
import type { SynthJson } from "../../helpers";
import { platform } from "../../../config/environments";
import { at, environmentNamed, handlersIn, list, statementsOf, withKafka } from "./fixtures";

const HANDLERS = ["ingestion", "query", "migrate"] as const;
const prod = handlersIn("prod");
const dev = handlersIn("dev");
const kafka = handlersIn("staging", { project: withKafka("staging") });

function variables(json: SynthJson, name: string): Record<string, string> {
  return (at(json, "aws_lambda_function", `handlers/${name}/function`).environment as { variables: Record<string, string> }).variables;
}

/** A literal or a reference to something that is no secret: ARNs, endpoints, names and ids of resources. */
const NOT_SECRET = /^(\$\{[^}]*\.(arn|address|configuration_endpoint_address|primary_endpoint_address|bucket|db_name|replication_group_id|user_id|secret_arn|bootstrap_brokers_sasl_iam|endpoints)\b[^}]*\}|\$\{element\(regex\(.*\)\}|[A-Za-z0-9_./:=-]*)$/;

describe.each([
  ["prod", prod],
  ["dev", dev],
  ["staging (kafka)", kafka],
])("%s handler environments", (_env, { json }) => {
  it.each(HANDLERS)("%s: only names the handler reads (lambdas/shared/env.ts) plus the runtime options", (name) => {
    const allowed = [...deployableEnvNames(name), ...Object.keys(RUNTIME_ENV)];
    expect(Object.keys(variables(json, name)).filter((v) => !allowed.includes(v))).toEqual([]);
  });

  it.each(HANDLERS)("%s: holds references and plain settings, never a secret value", (name) => {
    for (const [key, value] of Object.entries(variables(json, name))) expect({ key, value, ok: NOT_SECRET.test(value) }).toEqual({ key, value, ok: true });
    expect(Object.keys(variables(json, name)).filter((k) => /PASSWORD|TOKEN|_KEY$/.test(k))).toEqual([]);
  });

  it.each(HANDLERS)("%s: is complete, as the handler's own configuration loader sees it", (name) => {
    const env = { ...variables(json, name), AWS_REGION: "us-west-2" };
    // References stand in for values; the loaders check names, presence and formats of the literals.
    const concrete = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.startsWith("${") ? placeholder(k) : v]));
    const load = { ingestion: loadIngestionConfig, query: loadQueryConfig, migrate: loadMigrateConfig }[name];
    expect(() => load(concrete)).not.toThrow();
  });
});

function placeholder(name: string): string {
  if (name === "KAFKA_BROKERS") return "b-1.example:9098,b-2.example:9098";
  if (name === "REDIS_REPLICATION_GROUP_ID") return "aec-platform-cache";
  return "x";
}

describe("Redis and database settings", () => {
  it("sign in to the cache with IAM as its app user, cluster-aware where the cache runs cluster mode", () => {
    expect(variables(prod.json, "query")).toMatchObject({
      REDIS_AUTH_MODE: "iam",
      REDIS_CLUSTER: "true",
      REDIS_HOST: expect.stringMatching(/configuration_endpoint_address\}$/),
      REDIS_USER: expect.stringMatching(/^\$\{aws_elasticache_user\.cache_app-user_[0-9A-F]{8}\.user_id\}$/),
      REDIS_REPLICATION_GROUP_ID: expect.stringMatching(/replication_group_id\}$/),
    });
    expect(variables(dev.json, "query")).toMatchObject({ REDIS_CLUSTER: "false", REDIS_HOST: expect.stringMatching(/primary_endpoint_address\}$/) });
    expect(variables(prod.json, "query").REDIS_AUTH_SECRET_ARN).toBeUndefined();
  });

  it("point every handler at the database; migrate at its master secret, the others at their IAM-authenticated roles", () => {
    for (const name of HANDLERS) {
      expect(variables(prod.json, name)).toMatchObject({
        PG_HOST: expect.stringMatching(/^\$\{aws_db_instance\.database_instance_[0-9A-F]{8}\.address\}$/),
        PG_PORT: "5432",
        PG_DATABASE: expect.stringMatching(/\.db_name\}$/),
      });
    }
    expect(variables(prod.json, "migrate").PG_SECRET_ARN).toMatch(/^\$\{aws_secretsmanager_secret\.database_master-secret_[0-9A-F]{8}\.arn\}$/);
    expect(variables(prod.json, "migrate").PG_AUTH_MODE).toBeUndefined();
    expect(variables(prod.json, "ingestion")).toMatchObject({ PG_AUTH_MODE: "iam", PG_USER: "aec_ingestion" });
    expect(variables(prod.json, "query")).toMatchObject({ PG_AUTH_MODE: "iam", PG_USER: "aec_query" });
    for (const name of ["ingestion", "query"]) expect(variables(prod.json, name).PG_SECRET_ARN).toBeUndefined();
  });

  it("give ingestion the RabbitMQ host, port and publisher user's secret (never the admin's), or the MSK brokers with IAM", () => {
    expect(variables(prod.json, "ingestion")).toMatchObject({
      BROKER_KIND: "rabbitmq",
      AMQP_HOST: expect.stringMatching(/^\$\{element\(regex\("\^amqps:\/\/\(\[\^:\/\]\+\)", element\(aws_mq_broker\./),
      AMQP_PORT: "5671",
      AMQP_SECRET_ARN: expect.stringMatching(/^\$\{aws_secretsmanager_secret\.broker_publisher-secret_[0-9A-F]{8}\.arn\}$/),
      DOCUMENTS_BUCKET: expect.stringMatching(/^\$\{aws_s3_bucket\.buckets_documents_bucket_[0-9A-F]{8}\.bucket\}$/),
      UPLOADS_PREFIX: "uploads/",
    });
    expect(variables(kafka.json, "ingestion")).toMatchObject({
      BROKER_KIND: "kafka",
      KAFKA_TOPIC: "file-events",
      KAFKA_BROKERS: expect.stringMatching(/bootstrap_brokers_sasl_iam\}$/),
    });
    // The handler's default, iam; written out, the policy pack would take it for a secret and fail the synth.
    expect(variables(kafka.json, "ingestion")).not.toHaveProperty("KAFKA_AUTH");
    expect(Object.keys(variables(kafka.json, "ingestion")).filter((k) => k.startsWith("AMQP_"))).toEqual([]);
  });

  it("let the Kafka producer write the file-events topic only", () => {
    const produce = Object.entries(kafka.json.resource?.aws_iam_role_policy ?? {}).find(([id]) => id.startsWith("broker_grant-produce-file-events-handlers-ingestion-role"));
    expect(produce).toBeDefined();
    const statements = statementsOf(produce![1]);
    expect(statements.flatMap((s) => list(s.Action)).sort()).toEqual([
      "kafka-cluster:Connect",
      "kafka-cluster:DescribeCluster",
      "kafka-cluster:DescribeTopic",
      "kafka-cluster:WriteData",
    ]);
    expect(String(statements[1]!.Resource)).toMatch(/\/file-events$/);
  });
});

describe("checkHandlerEnvironment", () => {
  const base = { PG_HOST: "db", PG_DATABASE: "app", PG_SECRET_ARN: "arn:aws:secretsmanager:x" };

  it("accepts the runtime options and a complete migrate environment", () => {
    expect(checkHandlerEnvironment("env", "migrate", { ...base, ...RUNTIME_ENV })).toEqual([]);
  });

  it("names a variable the handler does not read, and one the runtime sets itself", () => {
    expect(checkHandlerEnvironment("env", "migrate", { ...base, REDIS_HOST: "x", AWS_REGION: "us-west-2" }).map((p) => p.field)).toEqual([
      "env.REDIS_HOST",
      "env.AWS_REGION",
    ]);
  });

  it("names each missing required variable", () => {
    expect(checkHandlerEnvironment("env", "query", { PG_HOST: "db" }).map((p) => p.field)).toEqual(["env.PG_DATABASE", "env.PG_SECRET_ARN", "env.REDIS_HOST"]);
  });

  it("requires the variables of the chosen broker and auth mode only", () => {
    const ingestion = { ...base, REDIS_HOST: "c", DOCUMENTS_BUCKET: "docs" };
    expect(checkHandlerEnvironment("env", "ingestion", { ...ingestion, BROKER_KIND: "kafka" }).map((p) => p.field)).toEqual(["env.KAFKA_BROKERS"]);
    expect(checkHandlerEnvironment("env", "ingestion", { ...ingestion, BROKER_KIND: "rabbitmq", REDIS_AUTH_MODE: "iam" }).map((p) => p.field)).toEqual([
      "env.REDIS_USER",
      "env.REDIS_REPLICATION_GROUP_ID",
      "env.AMQP_HOST",
      "env.AMQP_SECRET_ARN",
    ]);
  });
});

describe("the query API's authorization and outage settings", () => {
  it("are left to the handler's defaults unless the environment sets them, then passed on by name", () => {
    expect(variables(prod.json, "query").AUTHZ_PROJECTS_CLAIM).toBeUndefined();
    expect(variables(prod.json, "query").RATE_LIMIT_WHEN_CACHE_DOWN).toBeUndefined();
    const api = { ...environmentNamed("dev").handlers.api, clientRateLimitWhenCacheDown: "closed" as const, projectsClaim: { claim: "cognito:groups", prefix: "project:" } };
    const project = {
      ...platform,
      environments: platform.environments.map((e) => (e.name === "dev" ? { ...e, handlers: { ...e.handlers, api } } : e)),
    };
    const { json } = handlersIn("dev", { project });
    expect(variables(json, "query")).toMatchObject({
      RATE_LIMIT_WHEN_CACHE_DOWN: "closed",
      AUTHZ_PROJECTS_CLAIM: "cognito:groups",
      AUTHZ_PROJECT_PREFIX: "project:",
    });
  });
});
