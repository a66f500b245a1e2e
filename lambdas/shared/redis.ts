import { createHash } from "node:crypto";
import { asError } from "./errors";
import { Cluster, Redis, type RedisOptions } from "ioredis";
import type { RedisAuth, RedisConfig } from "./config";
import { elastiCacheTokenSource } from "./elasticache-iam-token";
import { errorFields, type Logger } from "./logger";
import { parseAuthToken, type SecretSource } from "./secrets";
import { withTimeout } from "./timeout";

/** The few commands the handlers use; both the standalone and the cluster client provide them. */
export interface RedisCommands {
  get(key: string): Promise<string | null>;
  del(...keys: string[]): Promise<number>;
  hmget(key: string, ...fields: string[]): Promise<(string | null)[]>;
  incr(key: string): Promise<number>;
  pexpire(key: string, milliseconds: number): Promise<number>;
  set(key: string, value: string, px: "PX", milliseconds: number): Promise<unknown>;
  evalsha(sha1: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  ping(): Promise<string>;
}

export interface RedisHandle {
  readonly commands: RedisCommands;
  /** Budget for one command, including any wait inside the client. */
  readonly commandTimeoutMs: number;
  close(): Promise<void>;
}

export interface RedisTimeouts {
  readonly connectMs: number;
  readonly commandMs: number;
}

// The cache is an accelerator: a slow Redis must cost less than the PostgreSQL query it would save.
export const DEFAULT_REDIS_TIMEOUTS: RedisTimeouts = { connectMs: 1000, commandMs: 250 };

/**
 * One client per container. Commands fail at once while disconnected (no offline queue), so an outage
 * costs callers nothing but a fallback; the client keeps reconnecting in the background.
 */
export async function createRedis(
  config: RedisConfig,
  secrets: SecretSource,
  logger: Logger,
  timeouts: RedisTimeouts = DEFAULT_REDIS_TIMEOUTS,
  options: RedisClientOptions = {},
): Promise<RedisHandle> {
  const credentials = await signIn(config.auth, secrets, options);
  const common: RedisOptions = {
    username: credentials.username,
    password: credentials.password,
    // ElastiCache in-transit encryption uses publicly trusted certificates; Node verifies the host name.
    tls: config.tls ? { servername: config.host } : undefined,
    lazyConnect: true,
    enableOfflineQueue: false,
    // No auto-pipelining: commands issued together (rate limit + cache read) already share one round trip,
    // since a connection never waits for a reply before sending the next command. Batching their writes
    // into one buffer saves a syscall but costs more (a deferred flush and a pipeline per batch): measured
    // here, about 10 µs on every request.
    connectTimeout: timeouts.connectMs,
    commandTimeout: timeouts.commandMs,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    // How long close() waits for a socket to end gracefully before destroying it.
    disconnectTimeout: 200,
  };
  const client = config.cluster
    ? new Cluster([{ host: config.host, port: config.port }], {
        redisOptions: common,
        // Cluster-mode ElastiCache with TLS needs the configuration endpoint name kept for verification.
        dnsLookup: (address, callback) => callback(null, address),
        lazyConnect: true,
        enableOfflineQueue: false,
        slotsRefreshTimeout: timeouts.connectMs,
        clusterRetryStrategy: (attempt) => Math.min(attempt * 100, 2000),
      })
    : new Redis({ host: config.host, port: config.port, ...common });
  const tokens = credentials.tokens;
  if (tokens) {
    // Cluster nodes are created (lazily, and again after failovers) from copies of redisOptions; each copy
    // gets the live token before it first connects.
    if (client instanceof Cluster) client.on("+node", (node: Redis) => signEveryConnection(node, tokens));
    else signEveryConnection(client, tokens);
  }

  // Log an outage once, not once per reconnect attempt.
  let down = false;
  client.on("error", (err: unknown) => {
    if (!down) logger.warn("redis connection error", errorFields(err));
    down = true;
  });
  client.on("ready", () => {
    if (down) logger.info("redis connection restored");
    down = false;
  });

  await withTimeout("redis connect", timeouts.connectMs * 2, client.connect()).catch((err: unknown) => {
    // Not fatal: callers fall back, and the client keeps trying in the background.
    logger.warn("redis unavailable at start", errorFields(err));
  });

  return {
    commands: client as unknown as RedisCommands,
    commandTimeoutMs: timeouts.commandMs,
    close: async () => {
      client.disconnect();
    },
  };
}

export interface RedisClientOptions {
  /** Signs ElastiCache IAM tokens. @default signed with the function role's credentials, refreshed every 10 minutes */
  readonly iamTokens?: () => string;
}

interface SignIn {
  readonly username?: string;
  readonly password?: string;
  /** Present for IAM authentication: a token for each connection attempt. */
  readonly tokens?: () => string;
}

async function signIn(auth: RedisAuth, secrets: SecretSource, options: RedisClientOptions): Promise<SignIn> {
  switch (auth.kind) {
    case "none":
      return {};
    case "token":
      return { password: parseAuthToken(auth.secretArn, await secrets.getString(auth.secretArn)) };
    case "iam": {
      const tokens = options.iamTokens ?? elastiCacheTokenSource({ replicationGroupId: auth.replicationGroupId, userId: auth.user, region: auth.region });
      return { username: auth.user, password: tokens(), tokens };
    }
  }
}

/**
 * IAM tokens are accepted for 15 minutes, but a client reconnects whenever a node restarts or fails over, hours
 * later perhaps. ioredis reads `options.password` on every connection attempt, so a getter there signs (or reuses)
 * a fresh token exactly when one is needed.
 */
function signEveryConnection(client: Redis, tokens: () => string): void {
  Object.defineProperty(client.options, "password", { get: tokens, enumerable: true, configurable: true });
}

/** A Lua script run by SHA, loaded on first use (and again after a server restart). */
export class RedisScript {
  readonly sha1: string;

  constructor(readonly source: string) {
    this.sha1 = createHash("sha1").update(source).digest("hex");
  }

  async run(redis: RedisHandle, operation: string, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    const call = async () => {
      try {
        return await redis.commands.evalsha(this.sha1, keys.length, ...keys, ...args);
      } catch (err) {
        if (!asError(err)?.message.startsWith("NOSCRIPT")) throw err;
        return redis.commands.eval(this.source, keys.length, ...keys, ...args);
      }
    };
    return withTimeout(operation, redis.commandTimeoutMs, call());
  }
}
