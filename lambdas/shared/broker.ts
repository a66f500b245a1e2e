import type { BrokerConfig } from "./config";
import { KafkaPublisher } from "./kafka-publisher";
import type { Logger } from "./logger";
import { credentialsFromEnv } from "./sigv4-presign";
import type { Publisher } from "./publisher";
import { RabbitMqPublisher } from "./rabbitmq-publisher";
import { parseUsernamePassword, type SecretSource } from "./secrets";

export interface BrokerTimeouts {
  readonly connectMs: number;
  readonly publishMs: number;
}

export const DEFAULT_BROKER_TIMEOUTS: BrokerTimeouts = { connectMs: 3000, publishMs: 5000 };

/** The publisher for the broker chosen per environment; both honour the same Publisher contract. */
export function createPublisher(
  config: BrokerConfig,
  secrets: SecretSource,
  logger: Logger,
  timeouts: BrokerTimeouts = DEFAULT_BROKER_TIMEOUTS,
): Publisher {
  if (config.kind === "kafka") {
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
  return new RabbitMqPublisher({
    host: config.host,
    port: config.port,
    vhost: config.vhost,
    tls: config.tls,
    exchange: config.exchange,
    credentials: async () => parseUsernamePassword(config.secretArn, await secrets.getString(config.secretArn)),
    logger,
    connectTimeoutMs: timeouts.connectMs,
    confirmTimeoutMs: timeouts.publishMs,
  });
}
