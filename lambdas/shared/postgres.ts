import { Pool, type PoolClient, type PoolConfig } from "pg";
import type { PostgresConfig } from "./config";
import { asError, messageOf } from "./errors";
import { errorFields, type Logger } from "./logger";
import { rdsIamTokenSource } from "./rds-iam-token";
import { parseUsernamePassword, type SecretSource } from "./secrets";

/** What the cores need from PostgreSQL: pooled queries and a dedicated client for transactions. */
export type DbPool = Pick<Pool, "query" | "connect">;
export type DbClient = PoolClient;

export interface PostgresTimeouts {
  readonly connectMs: number;
  /** Server-side limit for one statement; the client-side limit is slightly longer. */
  readonly statementMs: number;
}

export const DEFAULT_PG_TIMEOUTS: PostgresTimeouts = { connectMs: 2000, statementMs: 5000 };

/** Raised (and mapped to 503 / a batch item failure) when PostgreSQL cannot be reached or answer in time. */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`database unavailable: ${messageOf(cause)}`, { cause });
    this.name = "DatabaseUnavailableError";
  }
}

// SQLSTATE classes that mean "the server is not (fully) there", not "your statement is wrong". Class 28
// (authentication) is among them: after the master secret rotates, a connection made with the cached
// password fails once, and the next one re-reads the secret; callers should retry, not see an error.
const UNAVAILABLE_SQLSTATE = /^(08|28|53|57P0[1-4])|^57014$/;
const UNAVAILABLE_NODE_CODE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EPIPE", "EAI_AGAIN"]);

export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  const e = asError(err);
  if (!e) return false;
  const code = String(e.code ?? "");
  if (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_NODE_CODE.has(code)) return true;
  // pg reports pool/connection timeouts and dropped sockets as plain Errors without a code.
  return /timeout|timed out|Connection terminated|Connection ended|not queryable|ECONNREFUSED/i.test(e.message);
}

/**
 * One pool per container. With `secret` auth the username is read once and the password for every new
 * connection (cached by the secret source), re-read fresh after a failed connection so that a rotated
 * password is picked up without waiting for the cache to expire. With `iam` auth every new connection gets
 * an RDS IAM token (signed again when the current one is ten minutes old).
 */
export async function createPostgresPool(
  config: PostgresConfig,
  secrets: SecretSource,
  logger: Logger,
  options: { max?: number; timeouts?: PostgresTimeouts; applicationName?: string; iamToken?: () => string } = {},
): Promise<Pool> {
  const timeouts = options.timeouts ?? DEFAULT_PG_TIMEOUTS;
  let attemptsSinceLastSuccess = 0;
  const { username, password } = await signIn(config, secrets, options.iamToken, () => {
    const fresh = attemptsSinceLastSuccess > 0;
    attemptsSinceLastSuccess++;
    return fresh;
  });

  const poolConfig: PoolConfig = {
    host: config.host,
    port: config.port,
    database: config.database,
    user: username,
    password,
    max: options.max ?? 2,
    // A Lambda container serves one event at a time; idle connections only cost RDS slots.
    idleTimeoutMillis: 60_000,
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    query_timeout: timeouts.statementMs + 1000,
    lock_timeout: timeouts.statementMs,
    idle_in_transaction_session_timeout: timeouts.statementMs * 2,
    keepAlive: true,
    application_name: options.applicationName ?? "aec-handler",
    options: `-c search_path=${config.schema}`,
    // Certificates are verified against NODE_EXTRA_CA_CERTS (the RDS bundle); Node checks the host name.
    ssl: config.tls ? { rejectUnauthorized: true } : false,
  };
  const pool = new Pool(poolConfig);
  pool.on("connect", () => {
    attemptsSinceLastSuccess = 0;
  });
  // Idle clients that lose their socket emit here; without a listener the process would crash.
  pool.on("error", (err) => logger.warn("postgres idle client error", errorFields(err)));
  return pool;
}

/** The user name, and the password function pg calls for every new connection. */
async function signIn(
  config: PostgresConfig,
  secrets: SecretSource,
  iamToken: (() => string) | undefined,
  retrying: () => boolean,
): Promise<{ username: string; password: () => Promise<string> }> {
  const auth = config.auth;
  if (auth.kind === "iam") {
    const token = iamToken ?? rdsIamTokenSource({ host: config.host, port: config.port, user: auth.user, region: auth.region });
    return { username: auth.user, password: async () => token() };
  }
  const { username } = parseUsernamePassword(auth.secretArn, await secrets.getString(auth.secretArn));
  return {
    username,
    password: async () => parseUsernamePassword(auth.secretArn, await secrets.getString(auth.secretArn, { fresh: retrying() })).password,
  };
}
