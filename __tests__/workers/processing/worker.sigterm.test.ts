// SIGTERM on the real adapter in a child process: it stops consuming, lets in-flight files finish within the
// grace period or hands them back, and exits 0. S3 is frozen behind a relay so that files are in flight on cue.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { closedPort } from "../../lambdas/support/services";
import { TcpProxy } from "../../lambdas/support/tcp-proxy";
import { classicPdf } from "./fixtures";
import { startPipeline, waitUntil, workerEnv, type Pipeline } from "./harness";

let pipeline: Pipeline;
let s3: TcpProxy;

beforeAll(async () => {
  pipeline = await startPipeline("wrks");
  s3 = new TcpProxy("127.0.0.1", Number(new URL(pipeline.s3.endpoint).port));
  await s3.start();
});

afterAll(async () => {
  await s3?.stop();
  await pipeline?.close();
});

interface Child {
  readonly process: ChildProcess;
  readonly exit: Promise<number | null>;
  readonly output: string[];
  readonly metricsPort: number;
}

async function startChild(): Promise<Child> {
  const [healthPort, metricsPort] = [await closedPort(), await closedPort()];
  const env = {
    PATH: process.env.PATH,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...workerEnv(pipeline.names, {}, `http://127.0.0.1:${s3.port}`),
    LOG_LEVEL: "info",
    HEALTH_PORT: String(healthPort),
    METRICS_PORT: String(metricsPort),
    // The drain gets this less a 3 s margin for closing: 1 s.
    SHUTDOWN_GRACE_SECONDS: "4",
  };
  const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "run-worker.ts")], { env, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  child.stdout!.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await waitUntil(
    async () => (await fetch(`http://127.0.0.1:${healthPort}/readyz`).then((r) => r.status, () => 0)) === 200,
    20_000,
    () => `the worker's /readyz (output: ${output.join("").slice(-2000)})`,
  );
  return { process: child, exit, output, metricsPort };
}

async function inFlight(child: Child): Promise<number> {
  const text = await fetch(`http://127.0.0.1:${child.metricsPort}/metrics`).then((r) => r.text());
  return Number(/^aec_worker_in_flight (\d+)$/m.exec(text)?.[1] ?? -1);
}

const processingQueue = () => pipeline.topology.queues[0]!.name;
const results = async (project: string) => (await pipeline.results()).filter((r) => r.project_id === project).length;

describe("SIGTERM", () => {
  it("finishes in-flight files within the grace period, hands back the waiting ones, and exits 0", async () => {
    const child = await startChild();
    s3.freeze();
    for (let i = 0; i < 6; i++) await pipeline.upload(`uploads/drain/d${i}.pdf`, classicPdf(1));
    await waitUntil(async () => (await inFlight(child)) === 4, 10_000, () => "four files in flight");

    child.process.kill("SIGTERM");
    // S3 comes back while the worker drains: the four in-flight files complete.
    await new Promise((r) => setTimeout(r, 100));
    await s3.restore();
    expect(await child.exit).toBe(0);
    expect(child.output.join("")).toMatch(/"message":"drained".*"finished":true/);
    // No file is lost: each has its result or its message back on the queue (a file whose acknowledgement did not
    // reach the broker before the connection closed may have both; its redelivery writes nothing).
    const done = new Set((await pipeline.results()).filter((r) => r.project_id === "drain").map((r) => r.file_id));
    const queued = (await pipeline.drainQueue(processingQueue())).map((b) => JSON.parse(b.toString()).data.fileId as string);
    expect(done.size).toBeGreaterThanOrEqual(4);
    expect(new Set([...done, ...queued]).size).toBe(6);
  });

  it("hands in-flight files back when they cannot finish in time, and still exits 0", async () => {
    await pipeline.drainQueue(processingQueue());
    const child = await startChild();
    s3.freeze();
    for (let i = 0; i < 2; i++) await pipeline.upload(`uploads/stuck/s${i}.pdf`, classicPdf(1));
    await waitUntil(async () => (await inFlight(child)) === 2, 10_000, () => `two files in flight (output: ${child.output.join("").slice(-1500)})`);

    const sent = Date.now();
    child.process.kill("SIGTERM");
    expect(await child.exit).toBe(0);
    expect(Date.now() - sent).toBeLessThan(4000 + 2000);
    expect(child.output.join("")).toMatch(/"message":"drained".*"finished":false/);
    expect(await results("stuck")).toBe(0);
    await waitUntil(async () => (await pipeline.queueDepth(processingQueue())) === 2, 3000, () => "both messages back on the queue");
    await s3.restore();
    expect(await pipeline.queueDepth(pipeline.topology.queues[0]!.deadLetterQueue)).toBe(0);
  });
});
