import { Kafka, logLevel, type Producer } from "kafkajs";
import type { Logger } from "./logger";
import { createMskIamToken, type AwsCredentials } from "./msk-iam-token";
import { BrokerUnavailableError, encodeEventBody, type OutboundEvent, type Publisher } from "./publisher";
import { withTimeout } from "./timeout";

export interface KafkaPublisherOptions {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly tls: boolean;
  readonly auth: "iam" | "none";
  readonly region: string;
  readonly credentials: () => AwsCredentials;
  readonly logger: Logger;
  readonly connectTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

export interface KafkaRecord {
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
  readonly timestamp: string;
}

/**
 * How an event becomes a Kafka record: keyed by the event key (one project's events stay ordered in
 * one partition), the same JSON body as on RabbitMQ, and the envelope fields repeated as headers so
 * consumers can filter without parsing the body.
 */
export function encodeKafkaRecord(event: OutboundEvent): KafkaRecord {
  return {
    key: event.key,
    value: encodeEventBody(event),
    headers: {
      "event-id": event.id,
      "event-type": event.type,
      "content-type": "application/json",
    },
    timestamp: String(Date.parse(event.occurredAt)),
  };
}

/** Publishes to MSK (SASL/OAUTHBEARER with IAM over TLS) or any Kafka; acks from all in-sync replicas. */
export class KafkaPublisher implements Publisher {
  private readonly producer: Producer;
  private connected: Promise<void> | undefined;
  private readonly requestTimeoutMs: number;

  constructor(private readonly options: KafkaPublisherOptions) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5000;
    const kafka = new Kafka({
      clientId: "aec-ingestion",
      brokers: [...options.brokers],
      ssl: options.tls,
      sasl:
        options.auth === "iam"
          ? {
              mechanism: "oauthbearer",
              oauthBearerProvider: async () => ({
                value: createMskIamToken(options.region, options.credentials()),
              }),
            }
          : undefined,
      connectionTimeout: options.connectTimeoutMs ?? 3000,
      requestTimeout: this.requestTimeoutMs,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
      logLevel: logLevel.WARN,
      logCreator: () => (entry) =>
        options.logger.warn(`kafka ${entry.log.message}`, { namespace: entry.namespace, kafkaLevel: entry.level }),
    });
    this.producer = kafka.producer({ allowAutoTopicCreation: false });
  }

  async publish(events: readonly OutboundEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      this.connected ??= this.producer.connect().catch((err: unknown) => {
        this.connected = undefined;
        throw err;
      });
      await withTimeout("kafka connect", this.requestTimeoutMs, this.connected);
      await withTimeout(
        "kafka send",
        this.requestTimeoutMs * 2,
        this.producer.send({ topic: this.options.topic, acks: -1, timeout: this.requestTimeoutMs, messages: events.map(encodeKafkaRecord) }),
      );
    } catch (err) {
      throw new BrokerUnavailableError(err);
    }
  }

  async close(): Promise<void> {
    if (this.connected) await this.producer.disconnect().catch(() => undefined);
    this.connected = undefined;
  }
}
