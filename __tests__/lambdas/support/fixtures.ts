import { connect as amqpConnect, type Channel, type ChannelModel, type ConsumeMessage } from "amqplib";
import { Redis } from "ioredis";
import { Pool } from "pg";
import { declareTopology, fileEventsTopology, type BrokerTopology } from "../../../lambdas/shared/broker-topology";
import { createLogger, type Logger } from "../../../lambdas/shared/logger";
import { RabbitMqPublisher } from "../../../lambdas/shared/rabbitmq-publisher";
import type { SecretSource } from "../../../lambdas/shared/secrets";
import { localHandlerEnv, localSecrets } from "../../../local/handler-env";
import { migrate } from "../../../lambdas/migrate/core";
import { MIGRATIONS } from "../../../lambdas/migrate/migrations";
import { SERVICES } from "./services";

/** What a handler bundle loads with outside AWS: the region Lambda sets, and the SDK's Node version warning off. */
export const LAMBDA_RUNTIME_ENV = { AWS_REGION: "us-west-2", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } as const;

/** The least configuration every handler's cold start accepts (values are never connected to). */
export const MINIMAL_HANDLER_CONFIG = {
  PG_HOST: "db",
  PG_DATABASE: "files",
  PG_SECRET_ARN: "arn",
  REDIS_HOST: "cache",
  BROKER_KIND: "rabbitmq",
  AMQP_HOST: "mq",
  AMQP_SECRET_ARN: "arn",
  DOCUMENTS_BUCKET: "documents",
  AMQP_ADMIN_SECRET_ARN: "arn",
  AMQP_MANAGEMENT_URL: "https://mq",
  AMQP_PUBLISHER_SECRET_ARN: "arn",
  AMQP_WORKER_SECRET_ARN: "arn",
} as const;

/** The secrets the handlers would read from Secrets Manager, taken from the test service URLs. */
export function testSecrets(): SecretSource {
  return localSecrets(SERVICES);
}

export interface Ports {
  readonly pgPort?: number;
  readonly redisPort?: number;
  readonly amqpPort?: number;
}

/** Handler environment pointing at the local services (or at proxies in front of them). */
export function testEnv(names: { schema: string; prefix: string; exchange?: string; bucket?: string; s3Endpoint?: string }, ports: Ports = {}) {
  const at = (url: URL, port: number | undefined) => {
    if (port === undefined) return url;
    const moved = new URL(url.href);
    moved.port = String(port);
    return moved;
  };
  const urls = { postgres: at(SERVICES.postgres, ports.pgPort), redis: at(SERVICES.redis, ports.redisPort), rabbitmq: at(SERVICES.rabbitmq, ports.amqpPort) };
  return {
    ...localHandlerEnv(urls, {
      schema: names.schema,
      cachePrefix: `${names.prefix}:`,
      exchange: names.exchange ?? `${names.prefix}.files`,
      bucket: names.bucket ?? "documents",
      s3Endpoint: names.s3Endpoint,
    }),
    LOG_LEVEL: "debug",
    RATE_LIMIT_REQUESTS: "1000",
  };
}

/**
 * The RabbitMQ publisher on the test broker, signed in with the test URL's credentials; `port` puts a relay (a
 * fault proxy) in front of it. Timeouts are the publisher's own unless given.
 */
export function testPublisher(
  exchange: string,
  options: { port?: number; logger?: Logger; connectTimeoutMs?: number; confirmTimeoutMs?: number } = {},
): RabbitMqPublisher {
  const amqp = SERVICES.rabbitmq;
  return new RabbitMqPublisher({
    host: amqp.hostname,
    port: options.port ?? (Number(amqp.port) || 5672),
    vhost: decodeURIComponent(amqp.pathname.slice(1)) || "/",
    tls: false,
    exchange,
    credentials: async () => ({ username: decodeURIComponent(amqp.username || "guest"), password: decodeURIComponent(amqp.password || "guest") }),
    logger: options.logger ?? createLogger({ level: "error" }),
    connectTimeoutMs: options.connectTimeoutMs,
    confirmTimeoutMs: options.confirmTimeoutMs,
  });
}

/** A private schema with the current migrations applied (unless `migrate: false`), dropped again by `drop()`. */
export async function createTestSchema(schema: string, options: { migrate?: boolean } = {}): Promise<{ pool: Pool; drop: () => Promise<void> }> {
  const admin = new Pool({ connectionString: SERVICES.postgres.href, max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const pool = new Pool({ connectionString: SERVICES.postgres.href, max: 3, options: `-c search_path=${schema}` });
  if (options.migrate !== false) await migrate(pool, MIGRATIONS, createLogger({ level: "error" }), { lockWaitMs: 10_000 });
  return {
    pool,
    drop: async () => {
      await pool.end();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

/**
 * The events topology under `exchange` (the broker setup's declaration, so the publisher's passive check finds
 * it), and a cleanup that deletes every exchange and queue of it again.
 */
export async function declareTestTopology(exchange: string, options: { processingDeliveryLimit?: number } = {}) {
  const topology = fileEventsTopology({ exchange, ...options });
  const connection: ChannelModel = await amqpConnect(SERVICES.rabbitmq.href);
  try {
    await declareTopology(await connection.createChannel(), topology);
  } finally {
    await connection.close();
  }
  return { topology, remove: () => removeTopology(topology) };
}

/** Deletes a topology's queues and exchanges; missing ones are fine (a test may have removed them already). */
export async function removeTopology(topology: BrokerTopology): Promise<void> {
  const connection: ChannelModel = await amqpConnect(SERVICES.rabbitmq.href);
  try {
    const queues = [topology.unroutedQueue, ...topology.queues.flatMap((q) => [q.name, q.deadLetterQueue])];
    const exchanges = [topology.exchange, topology.unroutedExchange, topology.deadLetterExchange];
    for (const name of queues) {
      // A failed delete closes the channel, so each delete gets a channel of its own.
      const channel = await connection.createChannel();
      channel.on("error", () => undefined);
      await channel.deleteQueue(name).then(() => channel.close(), () => undefined);
    }
    for (const name of exchanges) {
      const channel = await connection.createChannel();
      channel.on("error", () => undefined);
      await channel.deleteExchange(name).then(() => channel.close(), () => undefined);
    }
  } finally {
    await connection.close();
  }
}

/**
 * An exclusive queue bound to an exchange that already exists, collecting every message delivered to it. The
 * exchange is not declared: once the topology declared it, a declaration without its alternate exchange fails.
 */
export async function collectFrom(exchange: string, pattern = "#") {
  const connection: ChannelModel = await amqpConnect(SERVICES.rabbitmq.href);
  const channel: Channel = await connection.createChannel();
  const { queue } = await channel.assertQueue("", { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, exchange, pattern);
  const messages: ConsumeMessage[] = [];
  await channel.consume(queue, (m) => m && messages.push(m), { noAck: true });
  return {
    messages,
    bodies: () => messages.map((m) => JSON.parse(m.content.toString("utf8")) as { id: string; type: string; data: Record<string, unknown> }),
    /** Waits until at least `count` messages arrived, or the timeout passes. */
    waitFor: async (count: number, timeoutMs = 3000) => {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return messages.length;
    },
    close: () => connection.close(),
  };
}

/** The events topology plus an exclusive queue bound to its exchange; closing it removes the topology too. */
export async function bindTestQueue(exchange: string, pattern = "#") {
  const declared = await declareTestTopology(exchange);
  const collected = await collectFrom(exchange, pattern);
  return {
    ...collected,
    close: async () => {
      await collected.close();
      await declared.remove();
    },
  };
}

/** Deletes every Redis key under the prefix. */
export async function clearRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(SERVICES.redis.href, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

export async function settle(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}
