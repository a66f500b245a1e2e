// Handler figures: bundle size, cold-init time, ingestion throughput next to a direct insert+publish
// baseline, and query latency (cache hit / miss) next to a raw Redis GET and a raw PostgreSQL SELECT.
// Runs against the same local services as the handler tests (TEST_PG_URL, TEST_REDIS_URL,
// TEST_AMQP_URL), prints figures, asserts nothing, and removes everything it created.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { connect as amqpConnect } from "amqplib";
import { Redis } from "ioredis";
import { Pool } from "pg";
import { bundleHandler, HANDLER_ENTRIES } from "../constructs/handlers/bundle";
import { createIngestionHandler, createIngestionRuntime } from "../lambdas/ingestion/app";
import { recordUpload } from "../lambdas/ingestion/file-store";
import { createQueryHandler, createQueryRuntime } from "../lambdas/query/app";
import { loadIngestionConfig, loadQueryConfig } from "../lambdas/shared/config";
import { stableUuid } from "../lambdas/shared/ids";
import { createLogger } from "../lambdas/shared/logger";
import type { ObjectStore } from "../lambdas/shared/object-store";
import { ProjectCache } from "../lambdas/shared/project-cache";
import {
  bindTestQueue,
  clearRedisPrefix,
  createTestSchema,
  LAMBDA_RUNTIME_ENV,
  MINIMAL_HANDLER_CONFIG,
  testEnv,
  testSecrets,
} from "../__tests__/lambdas/support/fixtures";
import { S3_CREDENTIALS, s3Notification, sqsEvent, startLocalS3 } from "../__tests__/lambdas/support/s3";
import { requireServices, SERVICES, uniqueName } from "../__tests__/lambdas/support/services";
import { httpEvent } from "../__tests__/lambdas/query/harness";
import { OVER_TLS, runOverTls } from "./over-tls";

/** The handlers' environment on the local services; in the TLS child, with TLS on as deployed. */
const benchEnv = (...args: Parameters<typeof testEnv>) => ({ ...testEnv(...args), ...(OVER_TLS ? { TLS_ENABLED: "true" } : {}) });
const transport = OVER_TLS ? "over TLS (verified), raw clients too" : "plain TCP";

const ROOT = resolve(__dirname, "..");
const BATCH = 10;
const quiet = createLogger({ level: "error", write: () => undefined });

const ms = (ns: bigint) => Number(ns) / 1e6;
const fmt = (n: number, digits = 2) => n.toFixed(digits);

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function table(title: string, header: string[], rows: (string | number)[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => cells.map((c, i) => String(c).padEnd(widths[i]!)).join("  ");
  console.log(`\n${title}\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const row of rows) console.log(line(row));
}

async function bundlesAndColdInit(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "handler-bench-"));
  try {
    // Like the Lambda runtime: the AWS SDK is available beside the bundle, nothing else is.
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(join(ROOT, "node_modules/@aws-sdk"), join(dir, "node_modules/@aws-sdk"));
    const env = { PATH: process.env.PATH, ...LAMBDA_RUNTIME_ENV, ...MINIMAL_HANDLER_CONFIG };
    const rows: (string | number)[][] = [];
    for (const [name, entry] of Object.entries(HANDLER_ENTRIES)) {
      const bundle = await bundleHandler({ entry, projectRoot: ROOT });
      const file = join(dir, `${name}.js`);
      writeFileSync(file, bundle.code);
      const loads: number[] = [];
      for (let run = 0; run < 7; run++) {
        const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
        const out = spawnSync(process.execPath, ["-e", script], { cwd: dir, env, encoding: "utf8" });
        if (out.status !== 0) throw new Error(`loading the ${name} bundle failed: ${out.stderr}`);
        loads.push(Number(out.stdout));
      }
      rows.push([name, fmt(bundle.code.length / 1024, 1), fmt(bundle.zip.length / 1024, 1), fmt(percentile(loads, 50), 1), fmt(Math.max(...loads), 1)]);
    }
    table("Bundles (target: <= 1024 KiB, load <= 300 ms)", ["handler", "index.js KiB", "zip KiB", "load median ms", "load max ms"], rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Fixed metadata for every HEAD, to measure the handler without S3's latency. */
const memoryObjects: ObjectStore = {
  head: async () => ({ sizeBytes: 2048, contentType: "application/pdf", etag: "e", versionId: undefined }),
  close: () => undefined,
};

async function ingestion(): Promise<void> {
  const prefix = uniqueName("bench_ing");
  const exchange = `${prefix}.files`;
  const db = await createTestSchema(prefix);
  const queue = await bindTestQueue(exchange, "#");
  const s3 = await startLocalS3(["documents"]);
  const config = loadIngestionConfig(benchEnv({ schema: prefix, prefix, exchange, bucket: "documents", s3Endpoint: s3.endpoint }));
  const runtime = await createIngestionRuntime(config, quiet, { secrets: testSecrets(), s3Credentials: S3_CREDENTIALS });
  const baselinePool = new Pool({ connectionString: SERVICES.postgres.href, max: 4, options: `-c search_path=${prefix}` });
  const amqp = await amqpConnect(SERVICES.rabbitmq.href);
  const channel = await amqp.createConfirmChannel();
  try {
    const inMemory = createIngestionHandler(async () => ({ ...runtime, deps: { ...runtime.deps, objects: memoryObjects } }), quiet);
    const withS3 = createIngestionHandler(async () => runtime, quiet);
    const bodies = (label: string, n: number) =>
      Array.from({ length: n }, (_, i) => s3Notification("documents", `uploads/bench-${label}/file-${i}.pdf`, { eTag: `${label}-${i}` }));

    const throughput = async (records: number, run: (batch: number) => Promise<unknown>) => {
      const start = process.hrtime.bigint();
      for (let b = 0; b < records / BATCH; b++) await run(b);
      return records / (ms(process.hrtime.bigint() - start) / 1000);
    };

    // Warm every connection first so no variant pays for connection setup.
    await inMemory(sqsEvent(bodies("warm", BATCH)));
    const insertRaw = async (i: number) => {
      const key = `uploads/bench-raw/file-${i}.pdf`;
      const id = stableUuid("raw", key);
      await baselinePool.query(
        `INSERT INTO files (id, project_id, bucket, object_key, revision, file_name, extension, size_bytes, status, uploaded_at)
         VALUES ($1, 'bench-raw', 'documents', $2, 'r', $3, 'pdf', 2048, 'accepted', now())`,
        [id, key, `file-${i}.pdf`],
      );
      channel.publish(exchange, "file.uploaded", Buffer.from(JSON.stringify({ id, key })), { persistent: true, messageId: id });
    };
    // Rounds alternate the two variants so that both see the same machine noise; medians are reported.
    const ROUNDS = 5;
    const PER_ROUND = 400;
    const handlerBodies = bodies("mem", ROUNDS * PER_ROUND);
    const baselineRates: number[] = [];
    const handlerRates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const first = round * PER_ROUND;
      const runBaseline = async () =>
        baselineRates.push(
          await throughput(PER_ROUND, async (b) => {
            // The same insert and publish, written directly: one autocommit INSERT and one persistent
            // publish per record, one wait for publisher confirms per batch of ten.
            for (let i = first + b * BATCH; i < first + (b + 1) * BATCH; i++) await insertRaw(i);
            await channel.waitForConfirms();
          }),
        );
      const runHandler = async () =>
        handlerRates.push(
          await throughput(PER_ROUND, (b) => inMemory(sqsEvent(handlerBodies.slice(first + b * BATCH, first + (b + 1) * BATCH)))),
        );
      if (round % 2 === 0) {
        await runBaseline();
        await runHandler();
      } else {
        await runHandler();
        await runBaseline();
      }
    }
    const N = ROUNDS * PER_ROUND;
    const baselineRate = percentile(baselineRates, 50);
    const handlerRate = percentile(handlerRates, 50);

    const S3N = 300;
    const s3Bodies: string[] = [];
    for (let i = 0; i < S3N; i++) s3Bodies.push(await s3.put("documents", `uploads/bench-s3/file-${i}.pdf`, "%PDF-1.7 bench"));
    const s3Rate = await throughput(S3N, (b) => withS3(sqsEvent(s3Bodies.slice(b * BATCH, (b + 1) * BATCH))));

    const spread = (rates: number[]) => `${fmt(Math.min(...rates), 0)}-${fmt(Math.max(...rates), 0)}`;
    table(
      `Ingestion throughput ${transport}, median of ${ROUNDS} interleaved rounds of ${PER_ROUND} records in batches of ${BATCH} (target: handler >= 70% of baseline)`,
      ["variant", "records", "records/s", "range", "vs baseline"],
      [
        ["direct INSERT + publish (baseline)", N, fmt(baselineRate, 0), spread(baselineRates), "100%"],
        ["handler, S3 HEAD stubbed in memory", N, fmt(handlerRate, 0), spread(handlerRates), `${fmt((handlerRate / baselineRate) * 100, 0)}%`],
        ["handler, HEAD against s3rver (1 run)", S3N, fmt(s3Rate, 0), "-", `${fmt((s3Rate / baselineRate) * 100, 0)}%`],
      ],
    );
    const expected = N * 2 + S3N + BATCH;
    await queue.waitFor(expected, 5000);
    console.log(`messages received on the bound queue: ${queue.messages.length} (expected ${expected})`);
  } finally {
    await channel.close().catch(() => undefined);
    await amqp.close().catch(() => undefined);
    await baselinePool.end();
    await runtime.close();
    await s3.close();
    await queue.close();
    await db.drop();
    await clearRedisPrefix(`${prefix}:`);
  }
}

async function query(): Promise<void> {
  const prefix = uniqueName("bench_qry");
  const db = await createTestSchema(prefix);
  const config = loadQueryConfig({ ...benchEnv({ schema: prefix, prefix }), RATE_LIMIT_REQUESTS: "1000000000" });
  const runtime = await createQueryRuntime(config, quiet, { secrets: testSecrets() });
  const handler = createQueryHandler(async () => runtime, quiet);
  const raw = new Redis(SERVICES.redis.href);
  const invalidator = new ProjectCache(
    { commands: raw as never, commandTimeoutMs: 1000, close: async () => undefined },
    `${prefix}:`,
  );
  try {
    for (let i = 0; i < 200; i++) {
      const key = `uploads/bench/model-${i}.ifc`;
      await recordUpload(
        db.pool,
        {
          id: stableUuid("bench", key), projectId: "bench", bucket: "documents", objectKey: key, revision: "r", versionId: null,
          fileName: `model-${i}.ifc`, extension: "ifc", sizeBytes: 4096, contentType: "application/x-step", etag: "e",
          status: "accepted", rejectReason: null, uploadedAt: new Date().toISOString(),
        },
        null,
      );
    }
    const event = httpEvent("/projects/bench/files", { query: { limit: "20" } });
    const warm = (await handler(event)) as { body: string };
    await raw.set(`${prefix}:raw`, warm.body);
    const sql = "SELECT id, seq, project_id, object_key, file_name, size_bytes, uploaded_at FROM files WHERE project_id = $1 ORDER BY seq DESC LIMIT $2";
    const rawPool = new Pool({ connectionString: SERVICES.postgres.href, max: 1, options: `-c search_path=${prefix}` });
    try {
      // Warm-up, then rounds in which every iteration times a handler call and its raw counterpart back
      // to back, so both see the same machine (GC, other processes); medians of per-round percentiles.
      for (let i = 0; i < 1000; i++) await handler(event);
      for (let i = 0; i < 1000; i++) await raw.get(`${prefix}:raw`);
      for (let i = 0; i < 200; i++) await rawPool.query(sql, ["bench", 21]);
      // A p99 needs samples: with 4000 per round it is the 40th slowest call, not the 10th.
      const ROUNDS = 5;
      const HIT_PAIRS = 4000;
      const MISS_PAIRS = 400;
      const rounds: Record<string, { p50: number[]; p99: number[]; n: number }> = {};
      const record = (name: string, samples: number[]) => {
        const r = (rounds[name] ??= { p50: [], p99: [], n: 0 });
        r.p50.push(percentile(samples, 50));
        r.p99.push(percentile(samples, 99));
        r.n += samples.length;
      };
      const timed = async (fn: () => Promise<unknown>) => {
        const start = process.hrtime.bigint();
        await fn();
        return ms(process.hrtime.bigint() - start);
      };
      for (let round = 0; round < ROUNDS; round++) {
        const [rawGet, hit, rawSelect, miss]: number[][] = [[], [], [], []];
        for (let i = 0; i < HIT_PAIRS; i++) {
          rawGet.push(await timed(() => raw.get(`${prefix}:raw`)));
          hit.push(await timed(() => handler(event)));
        }
        for (let i = 0; i < MISS_PAIRS; i++) {
          await invalidator.invalidateProject("bench");
          miss.push(await timed(() => handler(event)));
          rawSelect.push(await timed(() => rawPool.query(sql, ["bench", 21])));
        }
        record("raw Redis GET (same body)", rawGet);
        record("handler, cache hit", hit);
        record("raw PostgreSQL SELECT (same page)", rawSelect);
        record("handler, cache miss (+ cache write)", miss);
      }
      const median = (name: string, key: "p50" | "p99") => percentile(rounds[name]![key], 50);
      table(
        `Query latency in ms ${transport}, median of ${ROUNDS} rounds, each call paired with its raw counterpart (in-process handler call; target: hit p99 <= 2x raw GET p99)`,
        ["path", "n", "p50", "p99", "p99 range"],
        Object.entries(rounds).map(([name, r]) => [
          name,
          r.n,
          fmt(median(name, "p50"), 3),
          fmt(median(name, "p99"), 3),
          `${fmt(Math.min(...r.p99), 3)}-${fmt(Math.max(...r.p99), 3)}`,
        ]),
      );
      const ratio = (a: string, b: string, key: "p50" | "p99") => fmt(median(a, key) / median(b, key));
      console.log(
        `hit / raw GET: p50 ${ratio("handler, cache hit", "raw Redis GET (same body)", "p50")}x, p99 ${ratio("handler, cache hit", "raw Redis GET (same body)", "p99")}x; ` +
          `miss / raw SELECT: p50 ${ratio("handler, cache miss (+ cache write)", "raw PostgreSQL SELECT (same page)", "p50")}x, p99 ${ratio("handler, cache miss (+ cache write)", "raw PostgreSQL SELECT (same page)", "p99")}x`,
      );
    } finally {
      await rawPool.end();
    }
  } finally {
    raw.disconnect();
    await runtime.close();
    await db.drop();
    await clearRedisPrefix(`${prefix}:`);
  }
}

// Query first: ingestion leaves PostgreSQL and RabbitMQ busy flushing for a while afterwards.
const SECTIONS = { bundles: bundlesAndColdInit, query, ingestion } as const;

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  // `npm run bench -- handlers query` runs one section; no names run them all.
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in SECTIONS));
  if (unknown.length) throw new Error(`unknown benchmark section(s) ${unknown.join(", ")}; expected any of ${Object.keys(SECTIONS).join(", ")}`);
  await requireServices("postgres", "redis", "rabbitmq");
  const started = Date.now();
  if (!OVER_TLS) console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  const chosen = Object.keys(SECTIONS).filter((name) => asked.length === 0 || asked.includes(name)) as (keyof typeof SECTIONS)[];
  for (const name of chosen) await SECTIONS[name]();
  // The same query and ingestion figures over TLS, printed after the plain ones (BENCH_TLS=off skips them).
  const overTls = chosen.filter((name) => name !== "bundles");
  if (!OVER_TLS && process.env.BENCH_TLS !== "off" && overTls.length > 0) {
    console.log("\n-- the same sections over TLS (child process trusting a throw-away CA) --");
    await runOverTls(__filename, overTls);
  }
  console.log(`\nbenchmark took ${fmt((Date.now() - started) / 1000, 1)} s`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
