// Runs in its own Node.js process, started by tls.test.ts with NODE_EXTRA_CA_CERTS pointing at the test CA:
// that variable is read once at process start, which is how the deployed functions trust the RDS bundle.
// Mode "flow": migrate, ingest one upload, query it. Mode "probe": connect each client once and report.
// Prints one JSON line.
import { createIngestionHandler, createIngestionRuntime } from "../../../lambdas/ingestion/app";
import { createMigrateHandler } from "../../../lambdas/migrate/app";
import { createQueryHandler, createQueryRuntime } from "../../../lambdas/query/app";
import { loadIngestionConfig, loadMigrateConfig, loadQueryConfig } from "../../../lambdas/shared/config";
import { createLogger } from "../../../lambdas/shared/logger";
import { createPostgresPool } from "../../../lambdas/shared/postgres";
import { createPublisher, DEFAULT_BROKER_TIMEOUTS } from "../../../lambdas/shared/broker";
import { createRedis } from "../../../lambdas/shared/redis";
import { testSecrets } from "../support/fixtures";
import { S3_CREDENTIALS, sqsEvent } from "../support/s3";
import { httpEvent } from "../query/harness";

// What the clients log (a TLS failure behind a generic client error, say) goes into the probe's report.
const logged: string[] = [];
const logger = createLogger({
  level: "warn",
  write: (line) => {
    logged.push(line);
    process.stderr.write(`${line}\n`);
  },
});
const secrets = testSecrets();
const message = (err: unknown) => (err instanceof Error ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ""}` : String(err));

async function flow(): Promise<unknown> {
  const migration = await createMigrateHandler(loadMigrateConfig(process.env), logger, { secrets })();
  const ingestion = await createIngestionRuntime(loadIngestionConfig(process.env), logger, { secrets, s3Credentials: S3_CREDENTIALS });
  const ingested = await createIngestionHandler(async () => ingestion, logger)(sqsEvent([process.env.TEST_NOTIFICATION!]));
  await ingestion.close();
  const query = await createQueryRuntime(loadQueryConfig(process.env), logger, { secrets });
  const ask = createQueryHandler(async () => query, logger);
  const list = (await ask(httpEvent("/projects/tls/files"))) as { statusCode: number; body: string };
  // A pending file is not cached alone (its status is about to change); the project's page is, over TLS to Redis.
  const listAgain = (await ask(httpEvent("/projects/tls/files"))) as { statusCode: number; headers: Record<string, string> };
  const id = (JSON.parse(list.body) as { items: Array<{ id: string }> }).items[0]?.id;
  const file = (await ask(httpEvent(`/files/${id}`, { projects: ["tls"] }))) as { statusCode: number; headers: Record<string, string> };
  const again = (await ask(httpEvent(`/files/${id}`, { projects: ["tls"] }))) as { statusCode: number; headers: Record<string, string> };
  await query.close();
  return {
    applied: migration.applied,
    failures: ingested.batchItemFailures,
    list: { status: list.statusCode, items: JSON.parse(list.body).items.length, again: listAgain.headers["x-cache"] },
    file: [file.statusCode, again.statusCode, again.headers["x-cache"]],
  };
}

async function probe(): Promise<unknown> {
  const config = loadIngestionConfig(process.env);
  const result: Record<string, string> = {};
  try {
    const pool = await createPostgresPool(config.postgres, secrets, logger, { max: 1 });
    await pool.query("SELECT 1").finally(() => pool.end());
    result.postgres = "ok";
  } catch (err) {
    result.postgres = message(err);
  }
  try {
    const redis = await createRedis(config.redis, secrets, logger);
    await redis.commands.ping().finally(() => redis.close());
    result.redis = "ok";
  } catch (err) {
    // ioredis reports a failed connect as "Stream isn't writeable"; the TLS error itself is what it logged.
    result.redis = [message(err), ...logged.filter((line) => line.includes("redis"))].join(" | ");
  }
  try {
    const publisher = await createPublisher(config.broker, secrets, logger, { ...DEFAULT_BROKER_TIMEOUTS, connectMs: 2000 });
    await publisher.publish([{ id: "00000000-0000-8000-8000-0000000000f1", type: "tls.probe", key: "tls", occurredAt: new Date().toISOString(), payload: {} }]).finally(() => publisher.close());
    result.rabbitmq = "ok";
  } catch (err) {
    result.rabbitmq = message(err);
  }
  return result;
}

(process.argv[2] === "probe" ? probe() : flow()).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (err: unknown) => {
    process.stdout.write(`${JSON.stringify({ error: message(err) })}\n`);
    process.exit(1);
  },
);
