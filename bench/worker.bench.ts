// Worker throughput for small files, end to end through the real broker, PostgreSQL and s3rver, next to a raw
// consume + insert + ack loop on the same broker with the same prefetch and concurrency; and the image's bundle
// size. Prints figures, asserts nothing, removes what it created.
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { connect as amqpConnect } from "amqplib";
import { Pool } from "pg";
import { SERVICES } from "../__tests__/lambdas/support/services";
import { ifcFile } from "../__tests__/workers/processing/fixtures";
import { startPipeline, startWorker, waitUntil } from "../__tests__/workers/processing/harness";

const ROOT = resolve(__dirname, "..");
const FILES = Number(process.env.BENCH_FILES ?? 200);
const PREFETCH = 8;
const CONCURRENCY = 4;

async function baseline(): Promise<number> {
  const queue = `bench_raw_${process.pid}`;
  const connection = await amqpConnect(SERVICES.rabbitmq.href);
  const channel = await connection.createChannel();
  await channel.assertQueue(queue, { durable: true, arguments: { "x-queue-type": "quorum" } });
  const pool = new Pool({ connectionString: SERVICES.postgres.href, max: CONCURRENCY });
  await pool.query(`CREATE TABLE IF NOT EXISTS ${queue} (id text PRIMARY KEY, body jsonb)`);
  for (let i = 0; i < FILES; i++) channel.sendToQueue(queue, Buffer.from(JSON.stringify({ id: `m${i}`, size: 1024 })), { persistent: true });
  await channel.prefetch(PREFETCH);
  let done = 0;
  let running = 0;
  const waiting: import("amqplib").ConsumeMessage[] = [];
  const started = performance.now();
  await new Promise<void>((resolveAll) => {
    const pump = () => {
      while (running < CONCURRENCY && waiting.length > 0) {
        const m = waiting.shift()!;
        running++;
        void pool
          .query(`INSERT INTO ${queue} (id, body) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [JSON.parse(m.content.toString()).id, m.content.toString()])
          .then(() => {
            channel.ack(m);
            running--;
            if (++done === FILES) resolveAll();
            pump();
          });
      }
    };
    void channel.consume(queue, (m) => {
      if (m) waiting.push(m);
      pump();
    });
  });
  const seconds = (performance.now() - started) / 1000;
  await pool.query(`DROP TABLE ${queue}`);
  await channel.deleteQueue(queue);
  await pool.end();
  await connection.close();
  return FILES / seconds;
}

async function worker(): Promise<number> {
  const pipeline = await startPipeline("bench_wrk", { deliveryLimit: 5 });
  try {
    // Ingestion runs first, with no worker consuming, so that the figure is the worker's alone.
    for (let i = 0; i < FILES; i++) await pipeline.upload(`uploads/bench/f${i}.ifc`, ifcFile({ projectName: `P${i}` }));
    const started = performance.now();
    const running = await startWorker(pipeline.names, { s3Endpoint: pipeline.s3.endpoint });
    await waitUntil(async () => (await pipeline.db.pool.query("SELECT count(*)::int AS n FROM processing_results")).rows[0].n === FILES, 120_000);
    const seconds = (performance.now() - started) / 1000;
    await running.stop();
    return FILES / seconds;
  } finally {
    await pipeline.close();
  }
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(ROOT, "scripts/build-worker.js")], { cwd: ROOT, stdio: "ignore" });
  const bundleKiB = statSync(join(ROOT, "build/worker/main.js")).size / 1024;
  const raw = await baseline();
  const full = await worker();
  console.log(`\nWorker throughput, ${FILES} small IFC files (~0.8 KiB), prefetch ${PREFETCH}, concurrency ${CONCURRENCY}`);
  console.log(`raw consume + insert + ack   ${raw.toFixed(0).padStart(6)} msg/s`);
  console.log(`worker end to end            ${full.toFixed(0).padStart(6)} files/s  (${((full / raw) * 100).toFixed(0)}% of raw; target >= 60%)`);
  console.log(`\nImage: build/worker/main.js ${bundleKiB.toFixed(0)} KiB (minified, all dependencies) on gcr.io/distroless/nodejs22-debian12:nonroot`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
