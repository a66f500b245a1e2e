import type { Context, SQSBatchResponse } from "aws-lambda";
import * as z from "zod/mini";
import { DEFAULT_BROKER_TIMEOUTS, createPublisher, type BrokerTimeouts } from "../shared/broker";
import type { IngestionConfig } from "../shared/config";
import type { Logger } from "../shared/logger";
import type { AwsCredentials } from "../shared/sigv4-presign";
import { s3ObjectStore } from "../shared/object-store";
import { everyMs } from "../shared/outbox";
import { createPostgresPool, DEFAULT_PG_TIMEOUTS, type PostgresTimeouts } from "../shared/postgres";
import { ProjectCache } from "../shared/project-cache";
import { createRedis, DEFAULT_REDIS_TIMEOUTS, type RedisTimeouts } from "../shared/redis";
import { secretsManagerSource, type SecretSource } from "../shared/secrets";
import { ingestMessages, type IngestionDeps } from "./core";

const CONCURRENCY = 4;

const SqsEventSchema = z.object({
  Records: z.array(z.object({ messageId: z.string(), body: z.string() })),
});

export interface IngestionRuntime {
  readonly deps: IngestionDeps;
  close(): Promise<void>;
}

/** Replacements for what only exists in AWS, and tighter timeouts for fault tests. */
export interface IngestionRuntimeOptions {
  readonly secrets?: SecretSource;
  /** Signs RDS IAM tokens; @default the function role's credentials */
  readonly pgIamToken?: () => string;
  readonly s3Credentials?: AwsCredentials;
  readonly timeouts?: { pg?: PostgresTimeouts; redis?: RedisTimeouts; broker?: BrokerTimeouts; s3Ms?: number };
}

/** The container's clients, built once from configuration. */
export async function createIngestionRuntime(
  config: IngestionConfig,
  logger: Logger,
  options: IngestionRuntimeOptions = {},
): Promise<IngestionRuntime> {
  const secrets = options.secrets ?? secretsManagerSource(config.region);
  const [db, redis] = await Promise.all([
    createPostgresPool(config.postgres, secrets, logger, {
      iamToken: options.pgIamToken,
      // One batch statement, then the relay alongside nothing else: two connections are plenty.
      max: 2,
      timeouts: options.timeouts?.pg ?? DEFAULT_PG_TIMEOUTS,
      applicationName: "aec-ingestion",
    }),
    // Invalidation runs off the request path, so it can afford a little more patience than queries.
    createRedis(config.redis, secrets, logger, options.timeouts?.redis ?? { ...DEFAULT_REDIS_TIMEOUTS, commandMs: 1000 }),
  ]);
  const publisher = await createPublisher(config.broker, secrets, logger, options.timeouts?.broker ?? DEFAULT_BROKER_TIMEOUTS);
  const objects = s3ObjectStore({
    region: config.region,
    endpoint: config.s3Endpoint,
    credentials: options.s3Credentials,
    timeoutMs: options.timeouts?.s3Ms,
  });
  return {
    deps: {
      db,
      objects,
      publisher,
      cache: new ProjectCache(redis, config.redis.keyPrefix),
      logger,
      now: () => new Date(),
      // Stragglers are rare: one sweep per container and minute keeps the common path to two statements.
      sweepDue: everyMs(60_000),
      settings: {
        bucket: config.bucket,
        uploadsPrefix: config.uploadsPrefix,
        maxFileBytes: config.maxFileBytes,
        concurrency: CONCURRENCY,
      },
    },
    close: async () => {
      objects.close();
      await Promise.allSettled([publisher.close(), redis.close(), db.end()]);
    },
  };
}


/** The Lambda entry point around the core: validates the event shape and reports partial failures. */
export function createIngestionHandler(runtime: () => Promise<IngestionRuntime>, logger: Logger) {
  return async (event: unknown, context?: Pick<Context, "awsRequestId">): Promise<SQSBatchResponse> => {
    const parsed = SqsEventSchema.safeParse(event);
    if (!parsed.success) {
      // Not an SQS invocation at all: fail loudly rather than acknowledge something we cannot read.
      logger.error("ingestion invoked with an event that is not an SQS batch");
      throw new Error("ingestion expects an SQS event with Records[].messageId and Records[].body");
    }
    const { deps } = await runtime();
    const requestLogger = logger.child({ requestId: context?.awsRequestId });
    const failed = await ingestMessages({ ...deps, logger: requestLogger }, parsed.data.Records);
    if (failed.length > 0) requestLogger.warn("batch has failures to retry", { failed: failed.length, total: parsed.data.Records.length });
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
