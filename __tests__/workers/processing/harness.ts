import { connect as amqpConnect, type ChannelModel } from "amqplib";
import type { Pool } from "pg";
import { declareTopology, fileEventsTopology, type BrokerTopology } from "../../../lambdas/shared/broker-topology";
import { createLogger } from "../../../lambdas/shared/logger";
import { loadWorkerConfig } from "../../../lambdas/shared/worker-config";
import { createWorkerRuntime, type WorkerRuntime } from "../../../workers/processing/app";
import { AmqpConsumer } from "../../../workers/processing/amqp-consumer";
import { processWithRetries } from "../../../workers/processing/core";
import { WorkerMetrics } from "../../../workers/processing/metrics";
import { startIngestion, type IngestionUnderTest } from "../../lambdas/ingestion/harness";
import { clearRedisPrefix, collectFrom, createTestSchema, testEnv, type Ports } from "../../lambdas/support/fixtures";
import { captureLogs, type CapturedLogs } from "../../lambdas/support/logs";
import { S3_CREDENTIALS, sqsEvent, startLocalS3, type LocalS3 } from "../../lambdas/support/s3";
import { requireServices, SERVICES, uniqueName } from "../../lambdas/support/services";
import { testSecrets } from "../../lambdas/support/fixtures";

export interface Names {
  readonly schema: string;
  readonly prefix: string;
  readonly exchange: string;
}

/** The worker's environment on the local services (ports may point at fault proxies). */
export function workerEnv(names: Names, ports: Ports = {}, s3Endpoint?: string): Record<string, string> {
  const amqp = SERVICES.rabbitmq;
  return {
    ...testEnv({ ...names, bucket: "documents", s3Endpoint }, ports),
    AMQP_QUEUE: `${names.exchange}.processing`,
    AMQP_USERNAME: decodeURIComponent(amqp.username || "guest"),
    AMQP_PASSWORD: decodeURIComponent(amqp.password || "guest"),
    WORKER_PREFETCH: "8",
    WORKER_CONCURRENCY: "4",
  };
}

export interface WorkerUnderTest {
  readonly runtime: WorkerRuntime;
  readonly consumer: AmqpConsumer;
  readonly metrics: WorkerMetrics;
  readonly logs: CapturedLogs;
  stop(): Promise<void>;
}

/** The worker in this process, as main wires it, with short retry delays. */
export async function startWorker(names: Names, options: { ports?: Ports; s3Endpoint: string; s3Ms?: number }): Promise<WorkerUnderTest> {
  const logs = captureLogs();
  const config = loadWorkerConfig(workerEnv(names, options.ports, options.s3Endpoint));
  const runtime = await createWorkerRuntime(config, logs.logger, {
    secrets: testSecrets(),
    s3Credentials: S3_CREDENTIALS,
    timeouts: { pg: { connectMs: 1000, statementMs: 3000 }, redis: { connectMs: 1000, commandMs: 1000 }, brokerMs: 2000, s3Ms: options.s3Ms ?? 2000 },
  });
  const metrics = new WorkerMetrics();
  if (config.broker.kind !== "rabbitmq") throw new Error("tests run the worker on RabbitMQ");
  const consumer = new AmqpConsumer({
    ...config.broker,
    prefetch: config.prefetch,
    concurrency: config.concurrency,
    handle: (body, signal) => processWithRetries({ ...runtime.deps, recheckDelayMs: 20 }, body, { signal, initialDelayMs: 50, maxDelayMs: 300 }),
    logger: logs.logger,
    metrics,
    reconnectDelayMs: { min: 100, max: 400 },
    connectTimeoutMs: 2000,
  });
  consumer.start();
  await waitUntil(() => consumer.readiness().ready, 5000, () => `worker not ready: ${consumer.readiness().reason}`);
  return {
    runtime,
    consumer,
    metrics,
    logs,
    stop: async () => {
      await consumer.drain(2000);
      await runtime.close();
    },
  };
}

export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, message: () => string = () => "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${message()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface Pipeline {
  readonly names: Names;
  readonly topology: BrokerTopology;
  readonly db: { pool: Pool; drop: () => Promise<void> };
  readonly s3: LocalS3;
  readonly ingestion: IngestionUnderTest;
  readonly processedEvents: Awaited<ReturnType<typeof collectFrom>>;
  readonly admin: ChannelModel;
  /** Uploads a file and runs ingestion on its notification; returns the file id. */
  upload(key: string, content: Buffer | string): Promise<string>;
  /** Messages waiting in a queue of the topology (e.g. the dead-letter queue). */
  queueDepth(queue: string): Promise<number>;
  /** Takes every message from a queue (acknowledging them). */
  drainQueue(queue: string): Promise<Buffer[]>;
  results(): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

/** Schema, s3rver, the topology (declared as the broker setup does) and ingestion: everything up to the worker. */
export async function startPipeline(label: string, options: { deliveryLimit?: number } = {}): Promise<Pipeline> {
  await requireServices("postgres", "redis", "rabbitmq");
  const prefix = uniqueName(label);
  const names = { schema: prefix, prefix, exchange: `${prefix}.files` };
  const topology = fileEventsTopology({ exchange: names.exchange, processingDeliveryLimit: options.deliveryLimit ?? 3 });
  const admin = await amqpConnect(SERVICES.rabbitmq.href);
  const setup = await admin.createChannel();
  await declareTopology(setup, topology);
  await setup.close();
  const [s3, db] = await Promise.all([startLocalS3(["documents"]), createTestSchema(prefix)]);
  const ingestion = await startIngestion({ ...names, s3Endpoint: s3.endpoint });
  const processedEvents = await collectFrom(names.exchange, "file.processed");
  const withChannel = async <T>(fn: (ch: Awaited<ReturnType<ChannelModel["createChannel"]>>) => Promise<T>) => {
    const ch = await admin.createChannel();
    try {
      return await fn(ch);
    } finally {
      await ch.close().catch(() => undefined);
    }
  };
  return {
    names,
    topology,
    db,
    s3,
    ingestion,
    processedEvents,
    admin,
    async upload(key, content) {
      const notification = await s3.put("documents", key, content);
      const response = await ingestion.handler(sqsEvent([notification]));
      if (response.batchItemFailures.length > 0) throw new Error(`ingestion failed for ${key}`);
      const { rows } = await db.pool.query<{ id: string }>("SELECT id FROM files WHERE object_key = $1 ORDER BY seq DESC LIMIT 1", [key]);
      return rows[0]!.id;
    },
    queueDepth: (queue) => withChannel(async (ch) => (await ch.checkQueue(queue)).messageCount),
    drainQueue: (queue) =>
      withChannel(async (ch) => {
        const bodies: Buffer[] = [];
        for (let m = await ch.get(queue, { noAck: true }); m; m = await ch.get(queue, { noAck: true })) bodies.push(m.content);
        return bodies;
      }),
    results: async () => (await db.pool.query("SELECT * FROM processing_results ORDER BY processed_at")).rows,
    async close() {
      await ingestion.runtime.close();
      await processedEvents.close();
      await withChannel(async (ch) => {
        for (const q of topology.queues) {
          await ch.deleteQueue(q.name);
          await ch.deleteQueue(q.deadLetterQueue);
        }
        await ch.deleteQueue(topology.unroutedQueue);
        for (const x of [topology.exchange, topology.deadLetterExchange, topology.unroutedExchange]) await ch.deleteExchange(x);
      }).catch(() => undefined);
      await admin.close();
      await s3.close();
      await db.drop();
      await clearRedisPrefix(`${prefix}:`);
    },
  };
}

export const quiet = createLogger({ level: "error", write: () => undefined });

