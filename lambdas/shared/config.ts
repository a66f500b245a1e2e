import { LOG_LEVELS, type LogLevel } from "./logger";
import { AUTHZ_CLAIM_NAME, AUTHZ_PROJECT_PREFIX, RATE_LIMIT_OUTAGE_MODES, type EnvVarName } from "./env";

export { HANDLER_ENV, RUNTIME_ENV, WORKER_ENV, deployableEnvNames, type EnvVarSpec, type HandlerName } from "./env";

type Env = Readonly<Record<string, string | undefined>>;

/** One error listing every problem found, each naming its variable, so a bad deploy is fixed in one go. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join("; ")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/**
 * How a handler signs in to PostgreSQL:
 * - `secret`: user name and password from a Secrets Manager secret (the master secret: the migrate function only);
 * - `iam`: RDS IAM authentication as `user`, a short-lived SigV4 token signed with the function's role.
 */
export type PostgresAuth =
  | { readonly kind: "secret"; readonly secretArn: string }
  | { readonly kind: "iam"; readonly user: string; readonly region: string };

export interface PostgresConfig {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly auth: PostgresAuth;
  readonly schema: string;
  readonly tls: boolean;
}

/**
 * How the handlers sign in to Redis:
 * - `none`: no AUTH (local test servers).
 * - `token`: an AUTH token read from Secrets Manager.
 * - `iam`: ElastiCache IAM authentication, a short-lived SigV4 token signed with the function's role for `user`.
 */
export type RedisAuth =
  | { readonly kind: "none" }
  | { readonly kind: "token"; readonly secretArn: string }
  | { readonly kind: "iam"; readonly user: string; readonly replicationGroupId: string; readonly region: string };

export interface RedisConfig {
  readonly host: string;
  readonly port: number;
  readonly auth: RedisAuth;
  readonly cluster: boolean;
  readonly keyPrefix: string;
  readonly tls: boolean;
}

export type BrokerConfig =
  | {
      readonly kind: "rabbitmq";
      readonly host: string;
      readonly port: number;
      readonly vhost: string;
      readonly secretArn: string;
      readonly exchange: string;
      readonly tls: boolean;
    }
  | {
      readonly kind: "kafka";
      readonly brokers: readonly string[];
      readonly topic: string;
      readonly auth: "iam" | "none";
      readonly region: string;
      readonly tls: boolean;
    };

export interface IngestionConfig {
  readonly logLevel: LogLevel;
  readonly region: string;
  readonly postgres: PostgresConfig;
  readonly redis: RedisConfig;
  readonly broker: BrokerConfig;
  readonly bucket: string;
  readonly uploadsPrefix: string;
  readonly maxFileBytes: number;
  readonly s3Endpoint: string | undefined;
}

export interface QueryConfig {
  readonly logLevel: LogLevel;
  readonly region: string;
  readonly postgres: PostgresConfig;
  readonly redis: RedisConfig;
  readonly cacheTtlSeconds: number;
  readonly rateLimit: { readonly requests: number; readonly windowSeconds: number; readonly whenCacheDown: "open" | "closed" };
  readonly authorization: { readonly projectsClaim: string; readonly projectPrefix: string };
}

export interface MigrateConfig {
  readonly logLevel: LogLevel;
  readonly region: string;
  readonly postgres: PostgresConfig;
}

export interface BrokerSetupConfig {
  readonly logLevel: LogLevel;
  readonly region: string;
  readonly amqp: { readonly host: string; readonly port: number; readonly vhost: string; readonly tls: boolean };
  readonly exchange: string;
  readonly processingDeliveryLimit: number;
  readonly adminSecretArn: string;
  readonly managementUrl: string;
  readonly userSecretArns: { readonly publisher: string; readonly worker: string };
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Reads variables by name and collects every problem instead of stopping at the first. */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  required(name: EnvVarName): string {
    const value = this.env[name]?.trim();
    if (!value) {
      this.problems.push(`missing required environment variable ${name}`);
      return "";
    }
    return value;
  }

  optional(name: EnvVarName): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  int(name: EnvVarName, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  }

  bool(name: EnvVarName, fallback: boolean): boolean {
    const raw = this.optional(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (raw === "true") return true;
    if (raw === "false") return false;
    this.problems.push(`${name} must be "true" or "false", got "${raw}"`);
    return fallback;
  }

  oneOf<T extends string>(name: EnvVarName, allowed: readonly T[], fallback?: T): T {
    const raw = fallback === undefined ? this.required(name) : (this.optional(name) ?? fallback);
    if (raw && (allowed as readonly string[]).includes(raw)) return raw as T;
    if (raw) this.problems.push(`${name} must be one of ${allowed.join(", ")}, got "${raw}"`);
    return allowed[0] as T;
  }

  /** An optional value that must match `pattern`; an empty default is allowed as is. */
  matching(name: EnvVarName, pattern: RegExp, expected: string, fallback: string): string {
    const raw = this.env[name];
    if (raw === undefined || raw === "") return fallback;
    if (!pattern.test(raw)) {
      this.problems.push(`${name} must be ${expected}, got "${raw}"`);
      return fallback;
    }
    return raw;
  }

  finish<T>(config: T): T {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
    return config;
  }
}

export function readCommon(r: EnvReader) {
  return {
    logLevel: r.oneOf("LOG_LEVEL", LOG_LEVELS, "info"),
    region: r.required("AWS_REGION"),
    tls: r.bool("TLS_ENABLED", true),
  };
}

function readPostgresAuth(r: EnvReader, region: string): PostgresAuth {
  const mode = r.oneOf("PG_AUTH_MODE", ["secret", "iam"] as const, "secret");
  if (mode === "secret") return { kind: "secret", secretArn: r.required("PG_SECRET_ARN") };
  if (r.optional("PG_SECRET_ARN")) r.problems.push(`PG_SECRET_ARN is set but PG_AUTH_MODE is "iam"; an IAM-authenticated handler reads no database secret: unset it`);
  const user = r.required("PG_USER");
  if (user && !IDENTIFIER.test(user)) r.problems.push(`PG_USER must be a lower-case SQL identifier, got "${user}"`);
  return { kind: "iam", user, region };
}

export function readPostgres(r: EnvReader, tls: boolean, region: string): PostgresConfig {
  const schema = r.optional("PG_SCHEMA") ?? "public";
  if (!IDENTIFIER.test(schema)) r.problems.push(`PG_SCHEMA must be a lower-case SQL identifier, got "${schema}"`);
  return {
    host: r.required("PG_HOST"),
    port: r.int("PG_PORT", 5432, 1, 65535),
    database: r.required("PG_DATABASE"),
    auth: readPostgresAuth(r, region),
    schema,
    tls,
  };
}

const REPLICATION_GROUP_ID = /^[a-z][a-z0-9-]{0,39}$/;

function readRedisAuth(r: EnvReader, region: string): RedisAuth {
  const secretArn = r.optional("REDIS_AUTH_SECRET_ARN");
  const mode = r.oneOf("REDIS_AUTH_MODE", ["none", "token", "iam"] as const, secretArn ? "token" : "none");
  if (mode === "token") return { kind: "token", secretArn: r.required("REDIS_AUTH_SECRET_ARN") };
  if (secretArn) r.problems.push(`REDIS_AUTH_SECRET_ARN is set but REDIS_AUTH_MODE is "${mode}"; unset it or use REDIS_AUTH_MODE=token`);
  if (mode === "none") return { kind: "none" };
  const replicationGroupId = r.required("REDIS_REPLICATION_GROUP_ID");
  if (replicationGroupId && !REPLICATION_GROUP_ID.test(replicationGroupId)) {
    r.problems.push(`REDIS_REPLICATION_GROUP_ID must be an ElastiCache replication group id (lower case), got "${replicationGroupId}"`);
  }
  return { kind: "iam", user: r.required("REDIS_USER"), replicationGroupId, region };
}

export function readRedis(r: EnvReader, tls: boolean, region: string): RedisConfig {
  return {
    host: r.required("REDIS_HOST"),
    port: r.int("REDIS_PORT", 6379, 1, 65535),
    auth: readRedisAuth(r, region),
    cluster: r.bool("REDIS_CLUSTER", false),
    keyPrefix: r.optional("CACHE_KEY_PREFIX") ?? "aec:",
    tls,
  };
}

/** KAFKA_BROKERS as a list of host:port, each entry checked. */
export function readKafkaBrokers(r: EnvReader): string[] {
  const brokers = r.required("KAFKA_BROKERS").split(",").map((b) => b.trim()).filter(Boolean);
  for (const b of brokers) {
    if (!/^[A-Za-z0-9.-]+:\d{1,5}$/.test(b)) r.problems.push(`KAFKA_BROKERS entries must be host:port, got "${b}"`);
  }
  return brokers;
}

function readBroker(r: EnvReader, tls: boolean, region: string): BrokerConfig {
  const kind = r.oneOf("BROKER_KIND", ["rabbitmq", "kafka"] as const);
  if (kind === "kafka") {
    const brokers = readKafkaBrokers(r);
    return {
      kind,
      brokers,
      topic: r.optional("KAFKA_TOPIC") ?? "file-events",
      auth: r.oneOf("KAFKA_AUTH", ["iam", "none"] as const, "iam"),
      region,
      tls,
    };
  }
  return {
    kind,
    host: r.required("AMQP_HOST"),
    port: r.int("AMQP_PORT", tls ? 5671 : 5672, 1, 65535),
    vhost: r.optional("AMQP_VHOST") ?? "/",
    secretArn: r.required("AMQP_SECRET_ARN"),
    exchange: r.optional("AMQP_EXCHANGE") ?? "files",
    tls,
  };
}

export function loadIngestionConfig(env: Env): IngestionConfig {
  const r = new EnvReader(env);
  const common = readCommon(r);
  const uploadsPrefix = r.optional("UPLOADS_PREFIX") ?? "uploads/";
  if (!uploadsPrefix.endsWith("/")) r.problems.push(`UPLOADS_PREFIX must end with "/", got "${uploadsPrefix}"`);
  return r.finish({
    logLevel: common.logLevel,
    region: common.region,
    postgres: readPostgres(r, common.tls, common.region),
    redis: readRedis(r, common.tls, common.region),
    broker: readBroker(r, common.tls, common.region),
    bucket: r.required("DOCUMENTS_BUCKET"),
    uploadsPrefix,
    maxFileBytes: r.int("MAX_FILE_BYTES", 2 * 1024 ** 3, 1, Number.MAX_SAFE_INTEGER),
    s3Endpoint: r.optional("S3_ENDPOINT"),
  });
}

export function loadQueryConfig(env: Env): QueryConfig {
  const r = new EnvReader(env);
  const common = readCommon(r);
  return r.finish({
    logLevel: common.logLevel,
    region: common.region,
    postgres: readPostgres(r, common.tls, common.region),
    redis: readRedis(r, common.tls, common.region),
    cacheTtlSeconds: r.int("CACHE_TTL_SECONDS", 60, 1, 86_400),
    rateLimit: {
      requests: r.int("RATE_LIMIT_REQUESTS", 100, 1, 1_000_000_000),
      windowSeconds: r.int("RATE_LIMIT_WINDOW_SECONDS", 60, 1, 86_400),
      whenCacheDown: r.oneOf("RATE_LIMIT_WHEN_CACHE_DOWN", RATE_LIMIT_OUTAGE_MODES, "open"),
    },
    authorization: {
      projectsClaim: r.matching("AUTHZ_PROJECTS_CLAIM", AUTHZ_CLAIM_NAME, "a claim name (letters, digits, _ : . - /)", "projects"),
      projectPrefix: r.matching("AUTHZ_PROJECT_PREFIX", AUTHZ_PROJECT_PREFIX, "up to 64 characters without spaces or commas", ""),
    },
  });
}

export function loadMigrateConfig(env: Env): MigrateConfig {
  const r = new EnvReader(env);
  const common = readCommon(r);
  return r.finish({ logLevel: common.logLevel, region: common.region, postgres: readPostgres(r, common.tls, common.region) });
}

export function loadBrokerSetupConfig(env: Env): BrokerSetupConfig {
  const r = new EnvReader(env);
  const common = readCommon(r);
  const managementUrl = r.required("AMQP_MANAGEMENT_URL");
  if (managementUrl && !/^https?:\/\/[^/\s]+\/?$/.test(managementUrl)) {
    r.problems.push(`AMQP_MANAGEMENT_URL must be a base URL such as https://b-1234.mq.us-west-2.amazonaws.com, got "${managementUrl}"`);
  } else if (common.tls && managementUrl.startsWith("http:")) {
    r.problems.push(`AMQP_MANAGEMENT_URL must be https while TLS_ENABLED is true (the admin's password travels with every call), got "${managementUrl}"`);
  }
  return r.finish({
    logLevel: common.logLevel,
    region: common.region,
    amqp: {
      host: r.required("AMQP_HOST"),
      port: r.int("AMQP_PORT", common.tls ? 5671 : 5672, 1, 65535),
      vhost: r.optional("AMQP_VHOST") ?? "/",
      tls: common.tls,
    },
    exchange: r.optional("AMQP_EXCHANGE") ?? "files",
    processingDeliveryLimit: r.int("PROCESSING_DELIVERY_LIMIT", 5, 1, 1000),
    adminSecretArn: r.required("AMQP_ADMIN_SECRET_ARN"),
    managementUrl: managementUrl.replace(/\/$/, ""),
    userSecretArns: { publisher: r.required("AMQP_PUBLISHER_SECRET_ARN"), worker: r.required("AMQP_WORKER_SECRET_ARN") },
  });
}
