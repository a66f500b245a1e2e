// Outages between the worker and its dependencies, each through a relay in front of the real service: no file is
// lost, none gets a second result row or a second file.processed entry, and nothing healthy is dead-lettered.
import { TcpProxy } from "../../lambdas/support/tcp-proxy";
import { SERVICES } from "../../lambdas/support/services";
import { classicPdf, ifcFile } from "./fixtures";
import { startPipeline, startWorker, waitUntil, type Pipeline, type WorkerUnderTest } from "./harness";

let pipeline: Pipeline;
let worker: WorkerUnderTest;
const amqp = new TcpProxy(SERVICES.rabbitmq.hostname, Number(SERVICES.rabbitmq.port) || 5672);
const pg = new TcpProxy(SERVICES.postgres.hostname, Number(SERVICES.postgres.port) || 5432);
let s3: TcpProxy;

beforeAll(async () => {
  pipeline = await startPipeline("wrkf");
  s3 = new TcpProxy("127.0.0.1", Number(new URL(pipeline.s3.endpoint).port));
  const [amqpPort, pgPort, s3Port] = await Promise.all([amqp.start(), pg.start(), s3.start()]);
  worker = await startWorker(pipeline.names, { ports: { amqpPort, pgPort }, s3Endpoint: `http://127.0.0.1:${s3Port}`, s3Ms: 500 });
});

afterAll(async () => {
  await worker?.stop();
  await Promise.all([amqp.stop(), pg.stop(), s3?.stop()]);
  await pipeline?.close();
});

/** Every file of the project has exactly one result and one sent file.processed entry; the dead-letter queue is empty. */
async function expectExactlyOnce(projectId: string, files: number): Promise<void> {
  await waitUntil(
    async () => {
      const { rows } = await pipeline.db.pool.query(
        "SELECT count(*)::int AS n FROM outbox WHERE message_key = $1 AND event_type = 'file.processed' AND sent_at IS NOT NULL",
        [projectId],
      );
      return rows[0].n === files;
    },
    8000,
    () => `${files} sent file.processed entries for ${projectId}`,
  );
  const { rows } = await pipeline.db.pool.query(
    `SELECT (SELECT count(*) FROM processing_results WHERE project_id = $1 AND status = 'processed')::int AS processed,
            (SELECT count(*) FROM processing_results WHERE project_id = $1)::int AS results,
            (SELECT count(*) FROM outbox WHERE message_key = $1 AND event_type = 'file.processed')::int AS events`,
    [projectId],
  );
  expect(rows[0]).toEqual({ processed: files, results: files, events: files });
  expect(await pipeline.queueDepth(pipeline.topology.queues[0]!.deadLetterQueue)).toBe(0);
}

describe("worker outages", () => {
  it("survives a broker restart: the connection is re-opened and redeliveries write nothing twice", async () => {
    for (let i = 0; i < 6; i++) await pipeline.upload(`uploads/mq/m${i}.ifc`, ifcFile({ projectName: `M${i}` }));
    await waitUntil(async () => (await pipeline.results()).some((r) => r.project_id === "mq"), 5000);
    await amqp.cut();
    await waitUntil(() => !worker.consumer.readiness().ready, 3000, () => "the consumer to notice");
    expect(worker.consumer.readiness().reason).toMatch(/connection to the broker lost|reconnecting|broker unavailable/);
    for (let i = 6; i < 9; i++) await pipeline.upload(`uploads/mq/m${i}.pdf`, classicPdf(1));
    await new Promise((r) => setTimeout(r, 300));
    await amqp.restore();
    await waitUntil(() => worker.consumer.readiness().ready, 5000, () => "the consumer to reconnect");
    await expectExactlyOnce("mq", 9);
  });

  it("waits out a PostgreSQL outage without dead-lettering, then records each file once", async () => {
    await pg.cut();
    for (let i = 0; i < 4; i++) await pipeline.upload(`uploads/pgdown/p${i}.pdf`, classicPdf(2));
    await waitUntil(() => worker.logs.find("dependency unavailable").length > 0, 5000, () => "a failed attempt");
    expect((await pipeline.results()).filter((r) => r.project_id === "pgdown")).toEqual([]);
    await pg.restore();
    await expectExactlyOnce("pgdown", 4);
  });

  it("retries S3 failures in place until the object can be read", async () => {
    await s3.cut();
    const fileId = await pipeline.upload("uploads/s3down/a.ifc", ifcFile());
    await waitUntil(() => worker.logs.find("dependency unavailable").some((r) => String(r.error).startsWith("s3 read failed") && r.fileId === fileId), 5000);
    await s3.restore();
    await expectExactlyOnce("s3down", 1);
  });
});
