// The data flow on one machine: the kit's own handler code (not a re-implementation) against the developer's
// PostgreSQL, Redis and RabbitMQ, with an S3-compatible server started here. An upload becomes the S3
// notification, inside an SQS batch, that the ingestion function receives in AWS; the query API answers on
// localhost behind a development-only token check.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect as amqpConnect } from "amqplib";
import { declareTopology, fileEventsTopology } from "../lambdas/shared/broker-topology";
import { Client } from "pg";
import S3rver from "s3rver";
import { createIngestionHandler, createIngestionRuntime } from "../lambdas/ingestion/app";
import { createMigrateHandler } from "../lambdas/migrate/app";
import { createQueryHandler, createQueryRuntime } from "../lambdas/query/app";
import { loadIngestionConfig, loadMigrateConfig, loadQueryConfig } from "../lambdas/shared/config";
import { createLogger, type Logger } from "../lambdas/shared/logger";
import { localHandlerEnv, localSecrets } from "./handler-env";
import { createLocalApiServer } from "./http-api";
import type { LocalOptions } from "./options";
import { encodeKeyLikeS3, sqsEvent } from "./s3-events";
import { probeService, redactUrl, SERVICE_LABELS, type ServiceKind } from "./services";
import { createLocalTokenIssuer, type Claims } from "./token-issuer";

const BUCKET = "documents";
const UPLOADS_PREFIX = "uploads/";
const HOST = "127.0.0.1";
// s3rver's built-in account: it checks the signatures of signed requests against it (unsigned ones, such as a
// plain `curl -T`, are accepted as anonymous).
const S3_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
const OVERRIDE: Record<ServiceKind, string> = { postgres: "LOCAL_PG_URL", redis: "LOCAL_REDIS_URL", rabbitmq: "LOCAL_AMQP_URL" };

export interface LocalPlatform {
  readonly apiUrl: string;
  readonly s3Endpoint: string;
  readonly bucket: string;
  readonly uploadsPrefix: string;
  /** A development token for `local-developer` granting project `demo`, valid for an hour. */
  readonly token: string;
  issueToken(claims: Claims): string;
  /** Resolves once every upload notified so far has been through ingestion. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

async function requireServices(options: LocalOptions): Promise<void> {
  const urls: Record<ServiceKind, URL> = { postgres: options.postgresUrl, redis: options.redisUrl, rabbitmq: options.amqpUrl };
  const missing: string[] = [];
  await Promise.all(
    (Object.keys(urls) as ServiceKind[]).map((kind) =>
      probeService(kind, urls[kind]).catch((err: unknown) => {
        const reason = err instanceof Error ? err.message : String(err);
        missing.push(`${SERVICE_LABELS[kind]} is not answering at ${redactUrl(urls[kind])} (${reason}): start it, or set ${OVERRIDE[kind]}`);
      }),
    ),
  );
  if (missing.length > 0) {
    throw new Error(`npm run local needs its services:\n- ${missing.sort().join("\n- ")}\nWith Docker: docker compose up -d`);
  }
}

/** Fails with the variable to change when a fixed port is taken (s3rver would crash on it instead). */
async function requirePortsFree(ports: ReadonlyArray<{ variable: string; port: number }>): Promise<void> {
  const taken: string[] = [];
  for (const { variable, port } of ports) {
    if (port === 0) continue;
    const server = createServer();
    const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      server.once("error", resolve);
      server.listen(port, HOST, () => server.close(() => resolve(undefined)));
    });
    if (error) taken.push(`${variable}: ${HOST}:${port} is not free (${error.code}); stop what listens there, or set ${variable} to another port (0 picks a free one)`);
  }
  if (taken.length > 0) throw new Error(`npm run local cannot listen:\n- ${taken.join("\n- ")}`);
}

/** Handler log lines (JSON) as short console lines under the handler's name. */
function consoleLogger(name: string, log: (line: string) => void): Logger {
  return createLogger({
    level: "info",
    write: (line) => {
      const { time: _time, level, message, ...fields } = JSON.parse(line) as Record<string, unknown>;
      const extra = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : "";
      log(`[${name}] ${level === "info" ? "" : `${String(level)}: `}${String(message)}${extra}`);
    },
  });
}

async function ensureSchema(url: URL, schema: string): Promise<void> {
  const client = new Client({ connectionString: url.href, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

/** The events topology, and a queue bound to its exchange that prints each event. */
async function watchEvents(url: URL, exchange: string, log: (line: string) => void) {
  const connection = await amqpConnect(url.href);
  const channel = await connection.createChannel();
  // What the deploy-time broker setup declares in AWS: the handler only checks that the exchange exists.
  await declareTopology(channel, fileEventsTopology({ exchange })).catch((err: unknown) => {
    if ((err as { code?: unknown }).code !== 406) throw err;
    throw new Error(
      `exchange "${exchange}" (or one of its queues) exists with other arguments than the events topology declares ` +
        `(${(err as Error).message}); delete it on the local broker, or pick another one with LOCAL_EXCHANGE`,
    );
  });
  const { queue } = await channel.assertQueue("", { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, exchange, "#");
  await channel.consume(queue, (message) => {
    if (!message) return;
    const body = JSON.parse(message.content.toString("utf8")) as { id?: string; data?: Record<string, unknown> };
    log(`[broker] ${message.fields.routingKey} on ${exchange}: event ${body.id} ${JSON.stringify(body.data ?? {})}`);
  }, { noAck: true });
  return () => connection.close();
}

export async function startLocalPlatform(options: LocalOptions, log: (line: string) => void): Promise<LocalPlatform> {
  await requireServices(options);
  await requirePortsFree([
    { variable: "LOCAL_API_PORT", port: options.apiPort },
    { variable: "LOCAL_S3_PORT", port: options.s3Port },
  ]);
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    const directory = mkdtempSync(join(tmpdir(), "aec-local-s3-"));
    closers.push(async () => rmSync(directory, { recursive: true, force: true }));
    const s3 = new S3rver({ address: HOST, port: options.s3Port, silent: true, directory, configureBuckets: [{ name: BUCKET }] });
    const { port: s3Port } = await s3.run();
    closers.push(() => s3.close());
    const s3Endpoint = `http://${HOST}:${s3Port}`;

    const urls = { postgres: options.postgresUrl, redis: options.redisUrl, rabbitmq: options.amqpUrl };
    const env = {
      ...localHandlerEnv(urls, { schema: options.schema, cachePrefix: options.cachePrefix, exchange: options.exchange, bucket: BUCKET, s3Endpoint }),
      UPLOADS_PREFIX,
    };
    const secrets = localSecrets(urls);
    await ensureSchema(options.postgresUrl, options.schema);
    const report = await createMigrateHandler(loadMigrateConfig(env), consoleLogger("migrate", log), { secrets })();
    log(`[migrate] schema ${options.schema}: ${report.applied.length} applied, ${report.alreadyApplied.length} already there`);

    closers.push(await watchEvents(options.amqpUrl, options.exchange, log));
    const ingestionLog = consoleLogger("ingestion", log);
    const ingestion = await createIngestionRuntime(loadIngestionConfig(env), ingestionLog, { secrets, s3Credentials: S3_CREDENTIALS });
    closers.push(() => ingestion.close());
    const ingest = createIngestionHandler(async () => ingestion, ingestionLog);

    // One notification at a time, like an SQS batch of one; the chain is what idle() waits on.
    let pending: Promise<void> = Promise.resolve();
    s3.on("event", (event: { Records: Array<{ eventName: string; s3: { object: { key: string; size?: number } } }> }) => {
      for (const record of event.Records) record.s3.object.key = encodeKeyLikeS3(record.s3.object.key);
      const body = JSON.stringify(event);
      pending = pending.then(async () => {
        for (const record of event.Records) {
          log(`[s3] ${record.eventName} ${BUCKET}/${decodeURIComponent(record.s3.object.key.replace(/\+/g, " "))} (${record.s3.object.size ?? 0} bytes)`);
        }
        const result = await ingest(sqsEvent([body]), { awsRequestId: `local-${Date.now()}` }).catch((err: unknown) => {
          log(`[ingestion] error: ${err instanceof Error ? err.message : String(err)}`);
          return undefined;
        });
        if (result && result.batchItemFailures.length > 0) log(`[ingestion] the batch failed and would be retried by SQS`);
      });
    });

    const queryLog = consoleLogger("query", log);
    const query = await createQueryRuntime(loadQueryConfig(env), queryLog, { secrets });
    closers.push(() => query.close());
    const issuer = createLocalTokenIssuer({ issuer: `http://${HOST}/local-development-only`, audience: "aec-local" });
    const server = createLocalApiServer({ handler: createQueryHandler(async () => query, queryLog), issuer, log });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.apiPort, HOST, () => resolve());
    });
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    closers.push(() => pending);
    const apiPort = (server.address() as AddressInfo).port;

    return {
      apiUrl: `http://${HOST}:${apiPort}`,
      s3Endpoint,
      bucket: BUCKET,
      uploadsPrefix: UPLOADS_PREFIX,
      token: issuer.issue({ sub: "local-developer", projects: ["demo"] }),
      issueToken: (claims) => issuer.issue(claims),
      idle: () => pending,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
