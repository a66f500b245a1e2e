import { roleCredentialSource, type CredentialSource } from "../../lambdas/shared/aws-credentials";
import { elastiCacheTokenSource } from "../../lambdas/shared/elasticache-iam-token";
import type { Logger } from "../../lambdas/shared/logger";
import { s3ObjectStore } from "../../lambdas/shared/object-store";
import { everyMs } from "../../lambdas/shared/outbox";
import { createPostgresPool, DEFAULT_PG_TIMEOUTS, type PostgresTimeouts } from "../../lambdas/shared/postgres";
import { ProjectCache } from "../../lambdas/shared/project-cache";
import type { Publisher } from "../../lambdas/shared/publisher";
import { rdsIamTokenSource } from "../../lambdas/shared/rds-iam-token";
import { createRedis, DEFAULT_REDIS_TIMEOUTS, type RedisTimeouts } from "../../lambdas/shared/redis";
import { secretsManagerSource, type SecretSource } from "../../lambdas/shared/secrets";
import type { AwsCredentials } from "../../lambdas/shared/sigv4-presign";
import type { WorkerConfig } from "../../lambdas/shared/worker-config";
import type { ProcessingDeps } from "./core";

export interface WorkerRuntime {
  readonly deps: ProcessingDeps;
  /** Whether PostgreSQL answers, for /readyz. */
  databaseReady(): Promise<boolean>;
  close(): Promise<void>;
}

export interface WorkerRuntimeOptions {
  /** Only for PG_AUTH_MODE=secret or REDIS_AUTH_MODE=token (local runs); the deployed worker signs in with IAM. */
  readonly secrets?: SecretSource;
  readonly credentials?: CredentialSource;
  readonly s3Credentials?: AwsCredentials;
  readonly timeouts?: { pg?: PostgresTimeouts; redis?: RedisTimeouts; brokerMs?: number; s3Ms?: number };
}

/** The worker's clients, built once. Role credentials (Pod Identity) are loaded first when IAM tokens are signed. */
export async function createWorkerRuntime(config: WorkerConfig, logger: Logger, options: WorkerRuntimeOptions = {}): Promise<WorkerRuntime> {
  const credentials = options.credentials ?? roleCredentialSource();
  const needsRole = config.postgres.auth.kind === "iam" || config.redis.auth.kind === "iam" || (config.broker.kind === "kafka" && config.broker.auth === "iam");
  if (needsRole) await credentials.refresh();
  const secrets = options.secrets ?? secretsManagerSource(config.region);
  const pgAuth = config.postgres.auth;
  const redisAuth = config.redis.auth;
  const [db, redis] = await Promise.all([
    createPostgresPool(config.postgres, secrets, logger, {
      iamToken: pgAuth.kind === "iam" ? rdsIamTokenSource({ host: config.postgres.host, port: config.postgres.port, user: pgAuth.user, region: pgAuth.region }, { credentials: () => credentials.current() }) : undefined,
      // One connection per concurrent file, plus one for the relay's sweep and the readiness probe.
      max: config.concurrency + 1,
      timeouts: options.timeouts?.pg ?? DEFAULT_PG_TIMEOUTS,
      applicationName: "aec-worker",
    }),
    createRedis(config.redis, secrets, logger, options.timeouts?.redis ?? { ...DEFAULT_REDIS_TIMEOUTS, commandMs: 1000 }, {
      iamTokens:
        redisAuth.kind === "iam"
          ? elastiCacheTokenSource({ replicationGroupId: redisAuth.replicationGroupId, userId: redisAuth.user, region: redisAuth.region }, { credentials: () => credentials.current() })
          : undefined,
    }),
  ]);
  const publisher = await createWorkerPublisher(config, logger, credentials, options.timeouts?.brokerMs ?? 5000);
  const objects = s3ObjectStore({ region: config.region, endpoint: config.s3Endpoint, credentials: options.s3Credentials, timeoutMs: options.timeouts?.s3Ms ?? 5000 });
  return {
    deps: {
      db,
      objects,
      publisher,
      cache: new ProjectCache(redis, config.redis.keyPrefix),
      logger,
      // Entries left unsent by a broker outage are swept once a minute per worker, not on every file.
      sweepDue: everyMs(60_000),
    },
    databaseReady: () => db.query("SELECT 1").then(() => true, () => false),
    close: async () => {
      objects.close();
      credentials.close();
      await Promise.allSettled([publisher.close(), redis.close(), db.end()]);
    },
  };
}

async function createWorkerPublisher(config: WorkerConfig, logger: Logger, credentials: CredentialSource, timeoutMs: number): Promise<Publisher> {
  const broker = config.broker;
  if (broker.kind === "kafka") {
    const { KafkaPublisher } = await import("../../lambdas/shared/kafka-publisher");
    return new KafkaPublisher({
      brokers: broker.brokers,
      topic: broker.topic,
      tls: broker.tls,
      auth: broker.auth,
      region: broker.region,
      credentials: () => credentials.current(),
      logger,
      requestTimeoutMs: timeoutMs,
    });
  }
  const { RabbitMqPublisher } = await import("../../lambdas/shared/rabbitmq-publisher");
  return new RabbitMqPublisher({
    host: broker.host,
    port: broker.port,
    vhost: broker.vhost,
    tls: broker.tls,
    exchange: broker.exchange,
    credentials: async () => ({ username: broker.username, password: broker.password }),
    logger,
    confirmTimeoutMs: timeoutMs,
    appId: "aec-worker",
  });
}
