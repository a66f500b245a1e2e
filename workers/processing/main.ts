import type { Server } from "node:http";
import { createLogger, errorFields, type Logger } from "../../lambdas/shared/logger";
import { loadWorkerConfig, type WorkerConfig } from "../../lambdas/shared/worker-config";
import { createWorkerRuntime, type WorkerRuntimeOptions } from "./app";
import { AmqpConsumer } from "./amqp-consumer";
import { processWithRetries } from "./core";
import { closeServer, healthRoutes, metricsRoutes, startHttp, type Probes } from "./http";
import { WorkerMetrics } from "./metrics";

/** What main needs from either broker's consumer. */
export interface Consumer {
  start(): void;
  readiness(): { ready: boolean; reason?: string };
  drain(graceMs: number): Promise<{ finished: boolean }>;
}

export interface RunningWorker {
  readonly config: WorkerConfig;
  /** Drains and closes everything; resolves to the exit code. */
  stop(): Promise<number>;
}

/**
 * The worker process: configuration from the environment (failing fast with every problem named), clients,
 * the consumer, the health and metrics servers. Nothing here decides what happens to a file: that is the core.
 */
export async function runWorker(env: NodeJS.ProcessEnv, options: WorkerRuntimeOptions & { logger?: Logger } = {}): Promise<RunningWorker> {
  const config = loadWorkerConfig(env);
  const logger = options.logger ?? createLogger({ level: config.logLevel }, { service: "aec-worker" });
  const runtime = await createWorkerRuntime(config, logger, options);
  const metrics = new WorkerMetrics();
  const handle = (body: Buffer, signal: AbortSignal) => processWithRetries(runtime.deps, body, { signal });
  const consumer: Consumer =
    config.broker.kind === "kafka"
      ? await (await import("./kafka-consumer")).createKafkaConsumer(config, config.broker, { handle, logger, metrics })
      : new AmqpConsumer({ ...config.broker, prefetch: config.prefetch, concurrency: config.concurrency, handle, logger, metrics });
  let stopping = false;
  const probes: Probes = {
    live: () => true,
    ready: async () => {
      if (stopping) return { ready: false, reason: "shutting down" };
      const consuming = consumer.readiness();
      if (!consuming.ready) return consuming;
      return (await runtime.databaseReady()) ? { ready: true } : { ready: false, reason: "PostgreSQL does not answer" };
    },
    metrics: () => metrics.render(),
  };
  const servers: Server[] = [await startHttp(config.healthPort, healthRoutes(probes)), await startHttp(config.metricsPort, metricsRoutes(probes))];
  consumer.start();
  logger.info("worker started", { broker: config.broker.kind, prefetch: config.prefetch, concurrency: config.concurrency });

  let stopped: Promise<number> | undefined;
  return {
    config,
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        // Kubernetes sends SIGTERM and stops routing at the same time; the grace period (less a margin for closing)
        // is what in-flight files get before they are handed back to the broker.
        const graceMs = Math.max(1000, config.shutdownGraceSeconds * 1000 - 3000);
        const { finished } = await consumer.drain(graceMs);
        logger.info("drained", { finished });
        await Promise.allSettled(servers.map(closeServer));
        await runtime.close();
        return 0;
      })()),
  };
}

/** Entry point of the container: SIGTERM (and SIGINT) drain and exit 0; a start failure exits 1. */
export function main(start: () => Promise<RunningWorker> = () => runWorker(process.env)): void {
  const fallback = createLogger({}, { service: "aec-worker" });
  start().then(
    (worker) => {
      const stop = (signal: string) => {
        fallback.info("signal received, draining", { signal });
        void worker.stop().then((code) => process.exit(code), (err: unknown) => {
          fallback.error("shutdown failed", errorFields(err));
          process.exit(1);
        });
      };
      process.once("SIGTERM", () => stop("SIGTERM"));
      process.once("SIGINT", () => stop("SIGINT"));
    },
    (err: unknown) => {
      fallback.error("worker could not start", errorFields(err));
      process.exit(1);
    },
  );
}

if (require.main === module) main();
