/**
 * The contract between the handlers and their deployment: every environment variable a handler reads.
 * Only non-secret values belong here (endpoints, names, secret ARNs); secrets are fetched at cold start.
 * The deployment wiring imports these lists so that both sides spell every name the same way.
 */
export interface EnvVarSpec {
  readonly name: string;
  readonly description: string;
  /** true: always required; a condition: required only when another variable has that value. */
  readonly required: boolean | { readonly when: string; readonly equals: string };
  readonly default?: string;
  /** Set by the Lambda runtime itself; the wiring must not (and may not) set it. */
  readonly providedByRuntime?: boolean;
  /** Holds a secret: the deployment sets it from a Kubernetes Secret reference, never as a literal value. */
  readonly fromSecret?: boolean;
}

export const COMMON_ENV = [
  { name: "LOG_LEVEL", description: "debug | info | warn | error", required: false, default: "info" },
  {
    name: "TLS_ENABLED",
    description: "TLS to PostgreSQL, Redis and the broker; only local test setups turn it off",
    required: false,
    default: "true",
  },
  { name: "AWS_REGION", description: "region of the function", required: true, providedByRuntime: true },
] as const satisfies readonly EnvVarSpec[];

export const POSTGRES_ENV = [
  { name: "PG_HOST", description: "RDS endpoint host name", required: true },
  { name: "PG_PORT", description: "RDS port", required: false, default: "5432" },
  { name: "PG_DATABASE", description: "database name", required: true },
  {
    name: "PG_AUTH_MODE",
    description: "secret (user and password from PG_SECRET_ARN) | iam (RDS IAM authentication as PG_USER)",
    required: false,
    default: "secret",
  },
  {
    name: "PG_SECRET_ARN",
    description: "ARN of a secret holding JSON {username, password}: the master secret, read by the migrate function only",
    required: { when: "PG_AUTH_MODE", equals: "secret" },
  },
  { name: "PG_USER", description: "database role the handler signs in as with an IAM token", required: { when: "PG_AUTH_MODE", equals: "iam" } },
  { name: "PG_SCHEMA", description: "schema put on the search_path", required: false, default: "public" },
] as const satisfies readonly EnvVarSpec[];

export const REDIS_ENV = [
  { name: "REDIS_HOST", description: "ElastiCache primary or configuration endpoint", required: true },
  { name: "REDIS_PORT", description: "ElastiCache port", required: false, default: "6379" },
  {
    name: "REDIS_AUTH_MODE",
    description: "none | token (AUTH token from REDIS_AUTH_SECRET_ARN) | iam (ElastiCache IAM token for REDIS_USER)",
    required: false,
    default: "token when REDIS_AUTH_SECRET_ARN is set, none otherwise",
  },
  {
    name: "REDIS_AUTH_SECRET_ARN",
    description: "ARN of the secret holding the AUTH token (plain string or JSON {authToken})",
    required: { when: "REDIS_AUTH_MODE", equals: "token" },
  },
  {
    name: "REDIS_USER",
    description: "ElastiCache RBAC user id the IAM token is signed for (IAM users have user id = user name)",
    required: { when: "REDIS_AUTH_MODE", equals: "iam" },
  },
  {
    name: "REDIS_REPLICATION_GROUP_ID",
    description: "ElastiCache replication group id the IAM token is signed for",
    required: { when: "REDIS_AUTH_MODE", equals: "iam" },
  },
  { name: "REDIS_CLUSTER", description: "true for cluster-mode-enabled replication groups", required: false, default: "false" },
  { name: "CACHE_KEY_PREFIX", description: "prefix of every key the handlers write", required: false, default: "aec:" },
] as const satisfies readonly EnvVarSpec[];

export const BROKER_ENV = [
  { name: "BROKER_KIND", description: "rabbitmq | kafka", required: true },
  { name: "AMQP_HOST", description: "Amazon MQ broker host", required: { when: "BROKER_KIND", equals: "rabbitmq" } },
  { name: "AMQP_PORT", description: "AMQP port", required: false, default: "5671 with TLS, 5672 without" },
  { name: "AMQP_VHOST", description: "virtual host", required: false, default: "/" },
  {
    name: "AMQP_SECRET_ARN",
    description: "ARN of the broker secret, JSON {username, password}",
    required: { when: "BROKER_KIND", equals: "rabbitmq" },
  },
  { name: "AMQP_EXCHANGE", description: "durable topic exchange for file events", required: false, default: "files" },
  { name: "KAFKA_BROKERS", description: "comma-separated host:port bootstrap brokers", required: { when: "BROKER_KIND", equals: "kafka" } },
  { name: "KAFKA_TOPIC", description: "topic for file events", required: false, default: "file-events" },
  { name: "KAFKA_AUTH", description: "iam (MSK IAM over SASL/OAUTHBEARER) | none", required: false, default: "iam" },
] as const satisfies readonly EnvVarSpec[];

export const INGESTION_ENV = [
  { name: "DOCUMENTS_BUCKET", description: "bucket whose uploads are ingested", required: true },
  { name: "UPLOADS_PREFIX", description: "key prefix of uploads", required: false, default: "uploads/" },
  { name: "MAX_FILE_BYTES", description: "larger objects are rejected", required: false, default: "2147483648" },
  { name: "S3_ENDPOINT", description: "S3-compatible endpoint (path-style); unset in AWS", required: false },
] as const satisfies readonly EnvVarSpec[];

export const QUERY_ENV = [
  { name: "CACHE_TTL_SECONDS", description: "lifetime of a cached query result", required: false, default: "60" },
  { name: "RATE_LIMIT_REQUESTS", description: "requests allowed per client and window", required: false, default: "100" },
  { name: "RATE_LIMIT_WINDOW_SECONDS", description: "rate-limit window", required: false, default: "60" },
  {
    name: "RATE_LIMIT_WHEN_CACHE_DOWN",
    description:
      "open: a per-container limiter with the same limits takes over while Redis is unreachable | closed: answer 503 until it is back",
    required: false,
    default: "open",
  },
  {
    name: "AUTHZ_PROJECTS_CLAIM",
    description: "JWT claim listing the caller's project ids or groups (array, or API Gateway's \"[a b]\" rendering of one)",
    required: false,
    default: "projects",
  },
  {
    name: "AUTHZ_PROJECT_PREFIX",
    description: "only claim values with this prefix name projects (prefix removed), e.g. project: for groups",
    required: false,
    default: "",
  },
] as const satisfies readonly EnvVarSpec[];

/** The deploy-time broker setup (RabbitMQ only): the admin's secret, the application users' secrets, where to reach both APIs. */
export const BROKER_SETUP_ENV = [
  { name: "AMQP_HOST", description: "Amazon MQ broker host", required: true },
  { name: "AMQP_PORT", description: "AMQP port", required: false, default: "5671 with TLS, 5672 without" },
  { name: "AMQP_VHOST", description: "virtual host", required: false, default: "/" },
  { name: "AMQP_EXCHANGE", description: "durable topic exchange for file events", required: false, default: "files" },
  {
    name: "AMQP_ADMIN_SECRET_ARN",
    description: "ARN of the broker admin's secret, JSON {username, password}: read by this function only",
    required: true,
  },
  {
    name: "AMQP_MANAGEMENT_URL",
    description: "base URL of the RabbitMQ management HTTP API (the broker's console URL on Amazon MQ)",
    required: true,
  },
  { name: "AMQP_PUBLISHER_SECRET_ARN", description: "ARN of the aec-publisher user's secret, JSON {username, password}", required: true },
  { name: "AMQP_WORKER_SECRET_ARN", description: "ARN of the aec-worker user's secret, JSON {username, password}", required: true },
  {
    name: "PROCESSING_DELIVERY_LIMIT",
    description: "deliveries of one message to the processing queue before it is dead-lettered",
    required: false,
    default: "5",
  },
] as const satisfies readonly EnvVarSpec[];

/**
 * The values the query handler accepts for its authorization and rate-limit settings; the deployment's
 * configuration is checked against the same ones, so a bad value fails the synth, not the first request.
 */
export const AUTHZ_CLAIM_NAME = /^[A-Za-z0-9_:./-]{1,128}$/;
export const AUTHZ_PROJECT_PREFIX = /^[^\s,]{0,64}$/;
export const RATE_LIMIT_OUTAGE_MODES = ["open", "closed"] as const;

const BROKER_NAMES_FOR_WORKER = ["BROKER_KIND", "AMQP_HOST", "AMQP_PORT", "AMQP_VHOST", "AMQP_EXCHANGE", "KAFKA_BROKERS", "KAFKA_TOPIC", "KAFKA_AUTH"] as const;
type WorkerBrokerName = (typeof BROKER_NAMES_FOR_WORKER)[number];

/**
 * The processing worker's variables (a container on EKS, not a Lambda function). AWS_REGION is not provided by a
 * runtime there, so the Deployment sets it; the AWS credentials come from EKS Pod Identity, whose webhook sets the
 * two AWS_CONTAINER_* variables. The broker user signs in with a password synced from Secrets Manager into a
 * Kubernetes Secret by External Secrets: the worker itself reads no Secrets Manager secret.
 */
export const WORKER_ENV = [
  ...COMMON_ENV.filter((v) => v.name !== "AWS_REGION"),
  { name: "AWS_REGION", description: "region of the platform (signs RDS and ElastiCache IAM tokens)", required: true },
  {
    name: "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    description: "EKS Pod Identity agent endpoint the role credentials are fetched from",
    required: false,
    providedByRuntime: true,
  },
  {
    name: "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    description: "projected service account token sent to the Pod Identity agent",
    required: false,
    providedByRuntime: true,
  },
  ...POSTGRES_ENV,
  ...REDIS_ENV,
  ...BROKER_ENV.filter((v): v is Extract<(typeof BROKER_ENV)[number], { name: WorkerBrokerName }> =>
    (BROKER_NAMES_FOR_WORKER as readonly string[]).includes(v.name),
  ),
  { name: "AMQP_QUEUE", description: "quorum queue the worker consumes (declared by the broker setup)", required: false, default: "files.processing" },
  { name: "AMQP_USERNAME", description: "broker user the worker signs in as", required: { when: "BROKER_KIND", equals: "rabbitmq" } },
  {
    name: "AMQP_PASSWORD",
    description: "that user's password",
    required: { when: "BROKER_KIND", equals: "rabbitmq" },
    fromSecret: true,
  },
  { name: "KAFKA_GROUP_ID", description: "consumer group of the workers", required: false, default: "aec-processing" },
  { name: "DOCUMENTS_BUCKET", description: "bucket the uploaded files are read from", required: true },
  { name: "S3_ENDPOINT", description: "S3-compatible endpoint (path-style); unset in AWS", required: false },
  { name: "WORKER_PREFETCH", description: "unacknowledged messages the broker may hand the worker at once", required: false, default: "8" },
  { name: "WORKER_CONCURRENCY", description: "files processed at the same time", required: false, default: "4" },
  { name: "HEALTH_PORT", description: "port of GET /livez and GET /readyz", required: false, default: "8080" },
  { name: "METRICS_PORT", description: "port of GET /metrics (Prometheus text format)", required: false, default: "9464" },
  {
    name: "SHUTDOWN_GRACE_SECONDS",
    description: "after SIGTERM, how long in-flight files may take before they are handed back to the broker",
    required: false,
    default: "25",
  },
] as const satisfies readonly EnvVarSpec[];

/**
 * The database roles the ingestion and query functions sign in as (RDS IAM authentication). Migration
 * 0004_handler_roles creates them with these names and their grants; the deployment grants each function
 * `rds-db:connect` as its role. The migrate function signs in as the master user from its secret.
 */
export const DATABASE_ROLES = { ingestion: "aec_ingestion", query: "aec_query", worker: "aec_worker" } as const;

/**
 * The RabbitMQ users the deploy-time broker setup creates (management API) with the password in each one's
 * secret: ingestion publishes as `publisher`, the processing worker consumes and publishes as `worker`. Amazon MQ's
 * own API manages only the admin user, whose secret the broker setup function alone reads.
 */
export const BROKER_USERS = { publisher: "aec-publisher", worker: "aec-worker" } as const;
export type BrokerUserRole = keyof typeof BROKER_USERS;

/** Every variable each handler reads, in one place for the wiring and the docs. */
export const HANDLER_ENV = {
  ingestion: [...COMMON_ENV, ...POSTGRES_ENV, ...REDIS_ENV, ...BROKER_ENV, ...INGESTION_ENV],
  query: [...COMMON_ENV, ...POSTGRES_ENV, ...REDIS_ENV, ...QUERY_ENV],
  migrate: [...COMMON_ENV, ...POSTGRES_ENV],
  "broker-setup": [...COMMON_ENV, ...BROKER_SETUP_ENV],
} as const satisfies Record<string, readonly EnvVarSpec[]>;

export type HandlerName = keyof typeof HANDLER_ENV;
export type EnvVarName = (typeof HANDLER_ENV)[HandlerName][number]["name"] | (typeof WORKER_ENV)[number]["name"];

/** Names the deployment may set for a handler (runtime-provided ones left out). */
export function deployableEnvNames(handler: HandlerName): string[] {
  return HANDLER_ENV[handler].filter((v: EnvVarSpec) => !v.providedByRuntime).map((v) => v.name);
}

/**
 * Node.js options the deployment sets on every handler. The RDS CA bundle is not in Node's default
 * trust store: Lambda's Node.js runtimes ship it at /var/runtime/ca-cert.pem, and NODE_EXTRA_CA_CERTS
 * makes `ssl: { rejectUnauthorized: true }` verify RDS certificates (and host names) against it.
 */
export const RUNTIME_ENV = {
  NODE_EXTRA_CA_CERTS: "/var/runtime/ca-cert.pem",
  NODE_OPTIONS: "--enable-source-maps",
} as const;
