import { EnvReader, readCommon, readKafkaBrokers, readPostgres, readRedis, type PostgresConfig, type RedisConfig } from "./config";
import type { LogLevel } from "./logger";

export type WorkerBrokerConfig =
  | {
      readonly kind: "rabbitmq";
      readonly host: string;
      readonly port: number;
      readonly vhost: string;
      readonly exchange: string;
      readonly queue: string;
      readonly username: string;
      readonly password: string;
      readonly tls: boolean;
    }
  | {
      readonly kind: "kafka";
      readonly brokers: readonly string[];
      readonly topic: string;
      readonly groupId: string;
      readonly auth: "iam" | "none";
      readonly region: string;
      readonly tls: boolean;
    };

export interface WorkerConfig {
  readonly logLevel: LogLevel;
  readonly region: string;
  readonly postgres: PostgresConfig;
  readonly redis: RedisConfig;
  readonly broker: WorkerBrokerConfig;
  readonly bucket: string;
  readonly s3Endpoint: string | undefined;
  readonly prefetch: number;
  readonly concurrency: number;
  readonly healthPort: number;
  readonly metricsPort: number;
  readonly shutdownGraceSeconds: number;
}

const NAME = /^[A-Za-z0-9._:-]{1,255}$/;

function readWorkerBroker(r: EnvReader, tls: boolean, region: string): WorkerBrokerConfig {
  const kind = r.oneOf("BROKER_KIND", ["rabbitmq", "kafka"] as const);
  if (kind === "kafka") {
    const brokers = readKafkaBrokers(r);
    return {
      kind,
      brokers,
      topic: r.optional("KAFKA_TOPIC") ?? "file-events",
      groupId: r.matching("KAFKA_GROUP_ID", NAME, "a consumer group id (letters, digits, . _ : -)", "aec-processing"),
      auth: r.oneOf("KAFKA_AUTH", ["iam", "none"] as const, "iam"),
      region,
      tls,
    };
  }
  const exchange = r.optional("AMQP_EXCHANGE") ?? "files";
  return {
    kind,
    host: r.required("AMQP_HOST"),
    port: r.int("AMQP_PORT", tls ? 5671 : 5672, 1, 65535),
    vhost: r.optional("AMQP_VHOST") ?? "/",
    exchange,
    // The topology's own default name, so a worker and a broker setup left at their defaults agree.
    queue: r.matching("AMQP_QUEUE", NAME, "a queue name (letters, digits, . _ : -)", `${exchange}.processing`),
    username: r.required("AMQP_USERNAME"),
    password: r.required("AMQP_PASSWORD"),
    tls,
  };
}

/** The worker's configuration, read once at start; every problem is reported in one error. */
export function loadWorkerConfig(env: Readonly<Record<string, string | undefined>>): WorkerConfig {
  const r = new EnvReader(env);
  const common = readCommon(r);
  const prefetch = r.int("WORKER_PREFETCH", 8, 1, 1000);
  const concurrency = r.int("WORKER_CONCURRENCY", 4, 1, 256);
  if (concurrency > prefetch) {
    r.problems.push(`WORKER_CONCURRENCY (${concurrency}) must not exceed WORKER_PREFETCH (${prefetch}): the extra workers would never get a message; raise WORKER_PREFETCH or lower WORKER_CONCURRENCY`);
  }
  const healthPort = r.int("HEALTH_PORT", 8080, 1, 65535);
  const metricsPort = r.int("METRICS_PORT", 9464, 1, 65535);
  if (healthPort === metricsPort) r.problems.push(`HEALTH_PORT and METRICS_PORT must differ, both are ${healthPort}`);
  return r.finish({
    logLevel: common.logLevel,
    region: common.region,
    postgres: readPostgres(r, common.tls, common.region),
    redis: readRedis(r, common.tls, common.region),
    broker: readWorkerBroker(r, common.tls, common.region),
    bucket: r.required("DOCUMENTS_BUCKET"),
    s3Endpoint: r.optional("S3_ENDPOINT"),
    prefetch,
    concurrency,
    healthPort,
    metricsPort,
    shutdownGraceSeconds: r.int("SHUTDOWN_GRACE_SECONDS", 25, 1, 3600),
  });
}
