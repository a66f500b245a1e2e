import type { Pool } from "pg";
import { ingestMessages } from "../../../lambdas/ingestion/core";
import { bindTestQueue, clearRedisPrefix, createTestSchema } from "../support/fixtures";
import { sqsEvent, startLocalS3, type LocalS3 } from "../support/s3";
import { closedPort, requireServices, SERVICES, uniqueName } from "../support/services";
import { TcpProxy } from "../support/tcp-proxy";
import { fileRows, startIngestion, type IngestionUnderTest } from "./harness";

const prefix = uniqueName("ingf");
const schema = prefix;
const exchange = `${prefix}.files`;

let s3: LocalS3;
let db: { pool: Pool; drop: () => Promise<void> };
let queue: Awaited<ReturnType<typeof bindTestQueue>>;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  await requireServices("postgres", "redis", "rabbitmq");
  s3 = await startLocalS3(["documents"]);
  db = await createTestSchema(schema);
  queue = await bindTestQueue(exchange, "file.uploaded");
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await queue?.close();
  await s3?.close();
  await db?.drop();
  await clearRedisPrefix(`${prefix}:`);
});

beforeEach(() => {
  if (queue) queue.messages.length = 0;
});

async function ingestionThrough(ports: { pgPort?: number; redisPort?: number; amqpPort?: number }): Promise<IngestionUnderTest> {
  const ingestion = await startIngestion({ schema, prefix, exchange, s3Endpoint: s3.endpoint }, ports);
  cleanups.push(() => ingestion.runtime.close());
  return ingestion;
}

async function proxyTo(url: URL, defaultPort: number): Promise<TcpProxy> {
  const proxy = new TcpProxy(url.hostname, Number(url.port) || defaultPort);
  await proxy.start();
  cleanups.push(() => proxy.stop());
  return proxy;
}

describe("ingestion under failure", () => {
  it("broker down then back: the record fails, the retry publishes the committed event once, no duplicate rows", async () => {
    const proxy = await proxyTo(SERVICES.rabbitmq, 5672);
    const ingestion = await ingestionThrough({ amqpPort: proxy.port });
    const warmUp = await s3.put("documents", "uploads/broker/warm-up.pdf", "%PDF");
    expect((await ingestion.handler(sqsEvent([warmUp]))).batchItemFailures).toEqual([]);
    expect(await queue.waitFor(1)).toBe(1);
    queue.messages.length = 0;

    await proxy.cut();
    const notification = await s3.put("documents", "uploads/broker/model.ifc", "ISO-10303-21;");
    const event = sqsEvent([notification], ["broker-msg-1"]);
    const failed = await ingestion.handler(event);

    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: "broker-msg-1" }]);
    const [committed] = (await fileRows(db.pool, "broker")).filter((r) => r.file_name === "model.ifc");
    expect(committed).toMatchObject({ status: "accepted", sent_at: null });
    expect(ingestion.logs.find("broker unavailable, outbox entries stay unsent")).toHaveLength(1);

    await proxy.restore();
    const retried = await ingestion.handler(event);

    expect(retried.batchItemFailures).toEqual([]);
    expect(await queue.waitFor(1)).toBe(1);
    await queue.waitFor(2, 300);
    expect(queue.bodies().map((b) => b.id)).toEqual([committed!.event_id]);
    const rows = (await fileRows(db.pool, "broker")).filter((r) => r.file_name === "model.ifc");
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sent_at).toBeInstanceOf(Date);

    // A later redelivery of the same message publishes nothing more.
    expect((await ingestion.handler(event)).batchItemFailures).toEqual([]);
    await queue.waitFor(2, 300);
    expect(queue.messages).toHaveLength(1);
  });

  /** Records an upload while the broker is cut off; its message then exhausts its retries and its outbox entry ages. */
  async function strandEvent(key: string, body: string): Promise<void> {
    const proxy = await proxyTo(SERVICES.rabbitmq, 5672);
    const during = await ingestionThrough({ amqpPort: proxy.port });
    await proxy.cut();
    const notification = await s3.put("documents", key, body);
    expect((await during.handler(sqsEvent([notification]))).batchItemFailures).toHaveLength(1);
    await db.pool.query("UPDATE outbox SET created_at = now() - interval '5 minutes' WHERE sent_at IS NULL");
    await proxy.restore();
  }

  it("an event whose message was given up on (sent to the DLQ) is swept up by a later invocation", async () => {
    await strandEvent("uploads/sweep/orphan.nwd", "NWD");

    const later = await ingestionThrough({});
    const unrelated = await s3.put("documents", "uploads/sweep/next.pdf", "%PDF");
    expect((await later.handler(sqsEvent([unrelated]))).batchItemFailures).toEqual([]);
    expect(await queue.waitFor(2)).toBe(2);
    expect(queue.bodies().map((b) => b.data.fileName).sort()).toEqual(["next.pdf", "orphan.nwd"]);
    expect(later.logs.find("outbox relayed")[0]).toMatchObject({ published: 2, swept: 1 });
    expect((await db.pool.query("SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL")).rows[0].n).toBe(0);
  });

  it("the scheduled sweep (a batch without records) publishes what is still unsent, with no upload to carry it", async () => {
    await strandEvent("uploads/scheduled/stranded.rvt", "RVT");

    const scheduled = await ingestionThrough({});
    expect(await scheduled.handler({ Records: [] })).toEqual({ batchItemFailures: [] });
    expect(await queue.waitFor(1)).toBe(1);
    expect(queue.bodies().map((b) => b.data.fileName)).toEqual(["stranded.rvt"]);
    expect(scheduled.logs.find("outbox relayed")[0]).toMatchObject({ published: 1, swept: 1 });
    expect((await db.pool.query("SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL")).rows[0].n).toBe(0);
  });

  it("PostgreSQL down: the record is reported as a batch item failure and nothing is published", async () => {
    const proxy = await proxyTo(SERVICES.postgres, 5432);
    const ingestion = await ingestionThrough({ pgPort: proxy.port });
    const notification = await s3.put("documents", "uploads/pgdown/section.dwg", "AC1032");
    const event = sqsEvent([notification], ["pg-msg-1"]);

    await proxy.cut();
    expect((await ingestion.handler(event)).batchItemFailures).toEqual([{ itemIdentifier: "pg-msg-1" }]);
    expect(ingestion.logs.find("database unavailable, batch will be retried")).toHaveLength(1);
    await queue.waitFor(1, 200);
    expect(queue.messages).toHaveLength(0);

    await proxy.restore();
    expect((await ingestion.handler(event)).batchItemFailures).toEqual([]);
    expect(await fileRows(db.pool, "pgdown")).toHaveLength(1);
    expect(await queue.waitFor(1)).toBe(1);
  });

  it("Redis down: ingestion still records and publishes; the failed invalidation is logged", async () => {
    const ingestion = await ingestionThrough({ redisPort: await closedPort() });
    const notification = await s3.put("documents", "uploads/redisdown/specs.docx", "PK");

    expect((await ingestion.handler(sqsEvent([notification]))).batchItemFailures).toEqual([]);
    expect(await fileRows(db.pool, "redisdown")).toHaveLength(1);
    expect(await queue.waitFor(1)).toBe(1);
    expect(ingestion.logs.find("cache invalidation failed")).toEqual([
      expect.objectContaining({ level: "warn", projectId: "redisdown" }),
    ]);
  });

  it("a row the database refuses fails only its own message; the rest of the batch is recorded", async () => {
    const ingestion = await ingestionThrough({});
    const good = await s3.put("documents", "uploads/isolate/good.pdf", "%PDF");
    const bad = await s3.put("documents", "uploads/isolate/bad.pdf", "%PDF");
    const { deps } = ingestion.runtime;
    // PostgreSQL text cannot hold NUL: a stand-in for any row-specific database error.
    const objects = {
      head: async (bucket: string, key: string) => {
        const head = await deps.objects.head(bucket, key);
        return key.endsWith("bad.pdf") && head ? { ...head, contentType: "application/pdf\u0000" } : head;
      },
    };
    const failed = await ingestMessages({ ...deps, objects }, [
      { messageId: "iso-good", body: good },
      { messageId: "iso-bad", body: bad },
    ]);
    expect(failed).toEqual(["iso-bad"]);
    expect((await fileRows(db.pool, "isolate")).map((r) => r.file_name)).toEqual(["good.pdf"]);
    expect(ingestion.logs.find("batch insert failed, recording message by message")).toHaveLength(1);
    expect(await queue.waitFor(1)).toBe(1);
  });

  it("a partially failing batch retries only the failed messages", async () => {
    const proxy = await proxyTo(SERVICES.rabbitmq, 5672);
    const ingestion = await ingestionThrough({ amqpPort: proxy.port });
    const rejected = await s3.put("documents", "uploads/partial/notes.bin", "??");
    const accepted = await s3.put("documents", "uploads/partial/plan.pdf", "%PDF");
    await proxy.cut();
    const response = await ingestion.handler(sqsEvent([rejected, accepted, "{garbage"], ["p-rejected", "p-accepted", "p-garbage"]));
    // Only the accepted file needs the broker; the rejected and the malformed message are done for good.
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "p-accepted" }]);
    await proxy.restore();
  });
});
