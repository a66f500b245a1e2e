import type { BrokerConfig } from "./config";
import type { Logger } from "./logger";
import { credentialsFromEnv } from "./sigv4-presign";
import type { Publisher } from "./publisher";
import { parseUsernamePassword, type SecretSource } from "./secrets";

export interface BrokerTimeouts {
  readonly connectMs: number;
  readonly publishMs: number;
}

export const DEFAULT_BROKER_TIMEOUTS: BrokerTimeouts = { connectMs: 3000, publishMs: 5000 };

/**
 * The publisher for the broker chosen per environment; both honour the same Publisher contract. Each client
 * library is loaded only when its broker is the one configured: kafkajs alone is a third of the ingestion
 * bundle, and a RabbitMQ deployment never needs it (nor a Kafka one amqplib).
 */
export async function createPublisher(
  config: BrokerConfig,
  secrets: SecretSource,
  logger: Logger,
  timeouts: BrokerTimeouts = DEFAULT_BROKER_TIMEOUTS,
): Promise<Publisher> {
  if (config.kind === "kafka") {
    const { KafkaPublisher } = await import("./kafka-publisher");
    return new KafkaPublisher({
      brokers: config.brokers,
      topic: config.topic,
      tls: config.tls,
      auth: config.auth,
      region: config.region,
      credentials: () => credentialsFromEnv(),
      logger,
      connectTimeoutMs: timeouts.connectMs,
      requestTimeoutMs: timeouts.publishMs,
    });
  }
  const { RabbitMqPublisher } = await import("./rabbitmq-publisher");
  return new RabbitMqPublisher({
    host: config.host,
    port: config.port,
    vhost: config.vhost,
    tls: config.tls,
    exchange: config.exchange,
    // Fresh on every (re)connection, which are rare: after a rotation the broker refuses the old password, and a
    // cached copy would keep refusing for the cache's lifetime.
    credentials: async () => parseUsernamePassword(config.secretArn, await secrets.getString(config.secretArn, { fresh: true })),
    logger,
    connectTimeoutMs: timeouts.connectMs,
    confirmTimeoutMs: timeouts.publishMs,
  });
}
