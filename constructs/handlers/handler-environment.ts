import { Fn, Token } from "cdktf";
import type { HandlerName, HandlerSettings } from "../../common/handlers";
import type { Problem } from "../../common/problems";
// HandlerName comes from common/ (the same three names): the published declarations must not point into the
// handlers' sources, which ship as .ts for bundling.
import { DATABASE_ROLES, HANDLER_ENV, RUNTIME_ENV, deployableEnvNames, type EnvVarSpec } from "../../lambdas/shared/env";
import type { ValkeyCache } from "../cache/valkey-cache";
import type { PostgresDatabase } from "../database/postgres-database";
import type { MessageBroker } from "../messaging/message-broker";
import type { RabbitMqBroker } from "../messaging/rabbitmq-broker";
import type { Bucket } from "../storage/bucket";

/** Key prefix the documents bucket notifies about and the ingestion handler accepts. */
export const UPLOADS_PREFIX = "uploads/";
/** Kafka topic for file events (the RabbitMQ exchange keeps the handler's default). */
export const FILE_EVENTS_TOPIC = "file-events";

export interface HandlerDataTier {
  readonly database: PostgresDatabase;
  readonly cache: ValkeyCache;
  readonly broker: MessageBroker;
  readonly documents: Bucket;
}

type Environment = Record<string, string>;

/**
 * The environment of each handler: endpoints, names and secret ARNs, never a secret value. Names come from the
 * handlers' own contract (lambdas/shared/env.ts); `checkHandlerEnvironment` holds every map to it at synth.
 */
export function handlerEnvironment(
  handler: HandlerName,
  tier: HandlerDataTier,
  settings: Pick<HandlerSettings, "logLevel" | "api">,
): Environment {
  const common: Environment = { ...RUNTIME_ENV, LOG_LEVEL: settings.logLevel, ...postgres(tier.database, handler) };
  switch (handler) {
    case "migrate":
      return common;
    case "query":
      return {
        ...common,
        ...redis(tier.cache),
        CACHE_TTL_SECONDS: String(settings.api.cacheTtlSeconds),
        RATE_LIMIT_REQUESTS: String(settings.api.clientRateLimitRequests),
        RATE_LIMIT_WINDOW_SECONDS: String(settings.api.clientRateLimitWindowSeconds),
        // Set only when the environment chooses; the handler's documented defaults apply otherwise.
        ...(settings.api.clientRateLimitWhenCacheDown && { RATE_LIMIT_WHEN_CACHE_DOWN: settings.api.clientRateLimitWhenCacheDown }),
        ...(settings.api.projectsClaim && {
          AUTHZ_PROJECTS_CLAIM: settings.api.projectsClaim.claim,
          ...(settings.api.projectsClaim.prefix && { AUTHZ_PROJECT_PREFIX: settings.api.projectsClaim.prefix }),
        }),
      };
    case "ingestion":
      return {
        ...common,
        ...redis(tier.cache),
        ...broker(tier.broker),
        DOCUMENTS_BUCKET: tier.documents.name,
        UPLOADS_PREFIX,
      };
  }
}

/** Only the migrate function reads the master secret; the others sign in as their own role with IAM tokens. */
function postgres(database: PostgresDatabase, handler: HandlerName): Environment {
  const signIn: Environment =
    handler === "migrate"
      ? { ...(database.masterSecretArn ? { PG_SECRET_ARN: database.masterSecretArn } : {}) }
      : { PG_AUTH_MODE: "iam", PG_USER: DATABASE_ROLES[handler] };
  return {
    PG_HOST: database.address,
    PG_PORT: String(database.port),
    // The instance's attribute, not the configured name: a promoted replica keeps its source's database.
    PG_DATABASE: database.instance.dbName,
    ...signIn,
  };
}

function redis(cache: ValkeyCache): Environment {
  return {
    REDIS_HOST: cache.endpoint,
    REDIS_PORT: String(cache.port),
    REDIS_CLUSTER: String(cache.clusterMode === "enabled"),
    // The cache has no password at all: the RBAC user signs in with an IAM token (ValkeyCache.grantConnect).
    REDIS_AUTH_MODE: "iam",
    REDIS_USER: cache.appUser.userId,
    REDIS_REPLICATION_GROUP_ID: cache.replicationGroup.replicationGroupId,
  };
}

/**
 * The broker setup function's environment: where the broker's AMQP and management endpoints are, the admin's secret
 * (read by this function only) and the application users' secrets whose passwords it sets on the broker.
 */
export function brokerSetupEnvironment(b: RabbitMqBroker, settings: Pick<HandlerSettings, "logLevel">): Environment {
  return {
    ...RUNTIME_ENV,
    LOG_LEVEL: settings.logLevel,
    AMQP_HOST: amqpHost(b),
    AMQP_PORT: String(b.port),
    AMQP_ADMIN_SECRET_ARN: b.adminSecret.arn,
    AMQP_MANAGEMENT_URL: b.managementUrl,
    AMQP_PUBLISHER_SECRET_ARN: b.users.publisher.secret.arn,
    AMQP_WORKER_SECRET_ARN: b.users.worker.secret.arn,
  };
}

/** The broker publishes an amqps:// URL; the handlers take host and port apart. */
function amqpHost(b: MessageBroker): string {
  return Fn.element(Fn.regex("^amqps://([^:/]+)", b.endpoint), 0);
}

function broker(b: MessageBroker): Environment {
  // KAFKA_AUTH is left to its default, iam: a literal value under a name ending in AUTH is what KIT-LAMBDA-002
  // takes for a secret, and it failed the synth of every Kafka environment.
  if (b.kind === "kafka") return { BROKER_KIND: "kafka", KAFKA_BROKERS: b.endpoint, KAFKA_TOPIC: FILE_EVENTS_TOPIC };
  return {
    BROKER_KIND: "rabbitmq",
    AMQP_HOST: amqpHost(b),
    AMQP_PORT: String(b.port),
    // The publisher user's secret (aec-publisher), never the admin's.
    ...(b.credentialsSecretArn ? { AMQP_SECRET_ARN: b.credentialsSecretArn } : {}),
  };
}

/**
 * Problems with a handler's environment: a name the handler does not read (a typo, or a variable the runtime sets
 * itself), or a required variable left out. Conditional requirements are checked where the deciding value is known.
 */
export function checkHandlerEnvironment(path: string, handler: HandlerName | "broker-setup", environment: Readonly<Environment>): Problem[] {
  const allowed = new Set([...deployableEnvNames(handler), ...Object.keys(RUNTIME_ENV)]);
  const problems: Problem[] = Object.keys(environment)
    .filter((name) => !allowed.has(name))
    .map((name) => ({
      field: `${path}.${name}`,
      value: name,
      expected: `a variable the ${handler} handler reads (${[...allowed].join(", ")})`,
      fix: "fix the name, or add the variable to HANDLER_ENV in lambdas/shared/env.ts with the code that reads it",
    }));
  const specs = HANDLER_ENV[handler] as readonly EnvVarSpec[];
  for (const spec of specs) {
    if (spec.providedByRuntime || environment[spec.name] !== undefined || !isRequired(spec, environment, specs)) continue;
    problems.push({
      field: `${path}.${spec.name}`,
      value: undefined,
      expected: `a value: the ${handler} handler fails its cold start without ${spec.name} (${spec.description})`,
      fix: "set it from the construct that owns the value",
    });
  }
  return problems;
}

function isRequired(spec: EnvVarSpec, environment: Readonly<Environment>, specs: readonly EnvVarSpec[]): boolean {
  if (typeof spec.required === "boolean") return spec.required;
  const { when, equals } = spec.required;
  // An unset decider takes its documented default (PG_AUTH_MODE is "secret" unless set).
  const decider = environment[when] ?? specs.find((candidate) => candidate.name === when)?.default;
  return decider !== undefined && !Token.isUnresolved(decider) && decider === equals;
}
