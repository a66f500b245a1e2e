import { errorFields, type Logger } from "../../lambdas/shared/logger";
import { withTimeout } from "../../lambdas/shared/timeout";
import type { WorkerBrokerConfig, WorkerConfig } from "../../lambdas/shared/worker-config";
import type { Outcome } from "./core";
import type { WorkerMetrics } from "./metrics";

/** The part of a kafkajs Consumer this adapter uses (tests pass a fake). */
export interface KafkaConsumerPort {
  connect(): Promise<void>;
  subscribe(subscription: { topics: string[]; fromBeginning: boolean }): Promise<void>;
  run(config: {
    autoCommit: boolean;
    partitionsConsumedConcurrently: number;
    eachMessage(payload: { topic: string; partition: number; message: { offset: string; value: Buffer | null } }): Promise<void>;
  }): Promise<void>;
  commitOffsets(offsets: { topic: string; partition: number; offset: string }[]): Promise<void>;
  stop(): Promise<void>;
  disconnect(): Promise<void>;
}

export interface KafkaAdapterOptions {
  readonly topic: string;
  readonly concurrency: number;
  readonly handle: (body: Buffer, signal: AbortSignal) => Promise<Outcome>;
  readonly logger: Logger;
  readonly metrics: WorkerMetrics;
  /** Poison records go here (a dead-letter topic) before their offset is committed. */
  readonly deadLetter: (body: Buffer, reason: string) => Promise<void>;
}

class HandBack extends Error {}

/**
 * The same core on Kafka: a consumer group, partitions consumed concurrently, and an offset committed only after the
 * core settled the record (its result row and outbox entry committed, or the record dead-lettered). A record the
 * core could not finish is not committed: the partition stops there and kafkajs seeks back to it, so a
 * rebalance or restart gives it to a worker again.
 */
export class KafkaConsumerAdapter {
  private readonly abort = new AbortController();
  private running = false;
  private draining = false;
  private notReady = "not connected yet";
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly consumer: KafkaConsumerPort,
    private readonly options: KafkaAdapterOptions,
  ) {}

  start(): void {
    void this.begin();
  }

  readiness(): { ready: boolean; reason?: string } {
    return this.running && !this.draining ? { ready: true } : { ready: false, reason: this.draining ? "draining" : this.notReady };
  }

  async drain(graceMs: number): Promise<{ finished: boolean }> {
    this.draining = true;
    const all = Promise.all([...this.inFlight]);
    const finished = await withTimeout("drain", graceMs, all).then(() => true, () => false);
    if (!finished) this.abort.abort();
    await withTimeout("kafka stop", 5000, this.consumer.stop()).catch(() => undefined);
    await withTimeout("kafka disconnect", 5000, this.consumer.disconnect()).catch(() => undefined);
    return { finished };
  }

  private async begin(): Promise<void> {
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({ topics: [this.options.topic], fromBeginning: true });
      await this.consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: this.options.concurrency,
        eachMessage: (payload) => this.track(this.eachMessage(payload)),
      });
      this.running = true;
    } catch (err) {
      this.notReady = `kafka unavailable: ${(err as Error).message}`;
      this.options.logger.error("kafka consumer could not start", errorFields(err));
    }
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  async eachMessage({ topic, partition, message }: { topic: string; partition: number; message: { offset: string; value: Buffer | null } }): Promise<void> {
    if (this.draining) throw new HandBack("draining");
    const started = process.hrtime.bigint();
    this.options.metrics.started();
    let outcome: Outcome;
    try {
      outcome = await this.options.handle(message.value ?? Buffer.alloc(0), this.abort.signal);
      if (outcome.action === "reject") await this.options.deadLetter(message.value ?? Buffer.alloc(0), outcome.reason);
    } catch (err) {
      outcome = { action: "retry", reason: `dead-letter publish failed: ${(err as Error).message}`, transient: true };
    }
    this.options.metrics.finished(outcome, Number(process.hrtime.bigint() - started) / 1e9);
    if (outcome.action === "retry") {
      // Throwing makes kafkajs retry the record from this offset; nothing later in the partition is committed first.
      throw new HandBack(outcome.reason);
    }
    // The committed offset is the next record to read.
    await this.consumer.commitOffsets([{ topic, partition, offset: String(BigInt(message.offset) + 1n) }]);
  }
}

/** The kafkajs consumer group and a dead-letter producer for the configured cluster. */
export async function createKafkaConsumer(
  config: WorkerConfig,
  broker: Extract<WorkerBrokerConfig, { kind: "kafka" }>,
  options: Pick<KafkaAdapterOptions, "handle" | "logger" | "metrics">,
): Promise<KafkaConsumerAdapter> {
  const { Kafka, logLevel } = await import("kafkajs");
  const kafka = new Kafka({
    clientId: "aec-worker",
    brokers: [...broker.brokers],
    ssl: broker.tls,
    logLevel: logLevel.NOTHING,
    ...(broker.auth === "iam" ? { sasl: await mskSasl(broker.region) } : {}),
  });
  const consumer = kafka.consumer({ groupId: broker.groupId, maxInFlightRequests: config.prefetch });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const adapter = new KafkaConsumerAdapter(consumer as unknown as KafkaConsumerPort, {
    topic: broker.topic,
    concurrency: config.concurrency,
    ...options,
    deadLetter: async (body, reason) => {
      await producer.send({ topic: `${broker.topic}.dead-letter`, acks: -1, messages: [{ value: body, headers: { "x-dead-letter-reason": reason.slice(0, 256) } }] });
    },
  });
  const drain = adapter.drain.bind(adapter);
  adapter.drain = async (graceMs) => {
    const result = await drain(graceMs);
    await producer.disconnect().catch(() => undefined);
    return result;
  };
  return adapter;
}

async function mskSasl(region: string) {
  const { createMskIamToken } = await import("../../lambdas/shared/msk-iam-token");
  const { roleCredentialSource } = await import("../../lambdas/shared/aws-credentials");
  const credentials = roleCredentialSource();
  await credentials.refresh();
  return {
    mechanism: "oauthbearer" as const,
    oauthBearerProvider: async () => ({ value: createMskIamToken(region, credentials.current()) }),
  };
}
