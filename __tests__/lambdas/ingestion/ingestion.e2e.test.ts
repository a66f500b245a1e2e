import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { Redis } from "ioredis";
import type { Pool } from "pg";
import { bindTestQueue, clearRedisPrefix, createTestSchema } from "../support/fixtures";
import { s3Notification, sqsEvent, startLocalS3, type LocalS3 } from "../support/s3";
import { requireServices, SERVICES, uniqueName } from "../support/services";
import { fileRows, startIngestion, type IngestionUnderTest } from "./harness";

const prefix = uniqueName("ing");
const schema = prefix;
const exchange = `${prefix}.files`;

let s3: LocalS3;
let db: { pool: Pool; drop: () => Promise<void> };
let queue: Awaited<ReturnType<typeof bindTestQueue>>;
let ingestion: IngestionUnderTest;
let redis: Redis;

beforeAll(async () => {
  await requireServices("postgres", "redis", "rabbitmq");
  s3 = await startLocalS3(["documents", "other-bucket"]);
  db = await createTestSchema(schema);
  queue = await bindTestQueue(exchange, "file.uploaded");
  ingestion = await startIngestion({ schema, prefix, exchange, s3Endpoint: s3.endpoint });
  redis = new Redis(SERVICES.redis.href);
});

afterAll(async () => {
  await ingestion?.runtime.close();
  await queue?.close();
  await s3?.close();
  await db?.drop();
  await clearRedisPrefix(`${prefix}:`);
  redis?.disconnect();
});

beforeEach(() => {
  if (ingestion) ingestion.logs.lines.length = 0;
  if (queue) queue.messages.length = 0;
});

describe("ingestion, end to end", () => {
  it("turns an upload into a file row, a confirmed file.uploaded message and a cache invalidation", async () => {
    const key = "uploads/tower-7/Level 3 – Übersicht (rev+2).rvt";
    const notification = await s3.put("documents", key, "revit model bytes", "application/octet-stream");
    expect(JSON.parse(notification).Records[0].s3.object.key).toBe("uploads/tower-7/Level+3+%E2%80%93+%C3%9Cbersicht+(rev%2B2).rvt");

    const response = await ingestion.handler(sqsEvent([notification]), { awsRequestId: "req-1" });

    expect(response).toEqual({ batchItemFailures: [] });
    const [row, ...others] = await fileRows(db.pool, "tower-7");
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      bucket: "documents",
      object_key: key,
      file_name: "Level 3 – Übersicht (rev+2).rvt",
      extension: "rvt",
      size_bytes: String(Buffer.byteLength("revit model bytes")),
      content_type: "application/octet-stream",
      status: "accepted",
      reject_reason: null,
    });
    expect(row!.sent_at).toBeInstanceOf(Date);

    expect(await queue.waitFor(1)).toBe(1);
    const [message] = queue.messages;
    expect(message!.fields.routingKey).toBe("file.uploaded");
    expect(message!.properties).toMatchObject({
      deliveryMode: 2,
      contentType: "application/json",
      messageId: row!.event_id,
      type: "file.uploaded",
      headers: expect.objectContaining({ "x-event-key": "tower-7" }),
    });
    expect(queue.bodies()[0]).toMatchObject({
      id: row!.event_id,
      type: "file.uploaded",
      data: { fileId: row!.id, projectId: "tower-7", key, fileName: "Level 3 – Übersicht (rev+2).rvt", sizeBytes: 17 },
    });
    expect(await redis.hget(`${prefix}:proj:{tower-7}`, "v")).toBe("1");
    expect(ingestion.logs.find("file recorded")[0]).toMatchObject({ requestId: "req-1", projectId: "tower-7", duplicate: false });
  });

  it("records a redelivered upload once and publishes it once", async () => {
    const notification = await s3.put("documents", "uploads/dup/site-plan.dwg", "dwg");
    const first = await ingestion.handler(sqsEvent([notification, notification]));
    const again = await ingestion.handler(sqsEvent([notification]));

    expect(first.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    expect(await fileRows(db.pool, "dup")).toHaveLength(1);
    await queue.waitFor(2, 300);
    expect(queue.messages).toHaveLength(1);
    expect(ingestion.logs.find("file recorded").map((r) => r.duplicate)).toEqual([false, true, true]);
  });

  it("records invalid files as rejected with the reason, publishes nothing and does not retry", async () => {
    const exe = await s3.put("documents", "uploads/rej/setup.exe", "MZ");
    const empty = await s3.put("documents", "uploads/rej/empty.pdf", "");
    const response = await ingestion.handler(sqsEvent([exe, empty, exe]));

    expect(response.batchItemFailures).toEqual([]);
    const rows = await fileRows(db.pool, "rej");
    const byName = rows.map((r) => [r.file_name, r.status, r.reject_reason, r.event_id]).sort();
    expect(byName).toEqual([
      ["empty.pdf", "rejected", "file is empty", null],
      ["setup.exe", "rejected", "extension .exe is not allowed", null],
    ]);
    await queue.waitFor(1, 200);
    expect(queue.messages).toHaveLength(0);
  });

  it("ignores S3 test events", async () => {
    const testEvent = JSON.stringify({ Service: "Amazon S3", Event: "s3:TestEvent", Time: "2024-05-01T10:00:00Z", Bucket: "documents" });
    expect(await ingestion.handler(sqsEvent([testEvent]))).toEqual({ batchItemFailures: [] });
    expect(ingestion.logs.find("ignored S3 test event")).toHaveLength(1);
  });

  it("survives a hostile batch: every bad record is logged and acknowledged, the good one is processed", async () => {
    const good = await s3.put("documents", "uploads/hostile/ok.pdf", "%PDF");
    await s3.put("documents", "uploads/hostile/../../etc/passwd.pdf", "x");
    const bodies = [
      "{not json",
      "null",
      '{"Records": "nope"}',
      '{"Records": [42, {"eventSource": "aws:s3"}]}',
      s3Notification("documents", "uploads/hostile/../../etc/passwd.pdf"),
      s3Notification("documents", "uploads/hostile/%2E%2E/secrets.pdf"),
      s3Notification("documents", `uploads/hostile/${"A".repeat(5000)}.pdf`),
      s3Notification("documents", "uploads/hostile/%E0%A4%A.pdf"),
      s3Notification("other-bucket", "uploads/hostile/ok.pdf"),
      s3Notification("documents", "uploads/hostile/ok.pdf", { eventName: "ObjectRemoved:Delete" }),
      s3Notification("documents", "uploads/hostile/never-uploaded.pdf"),
      good,
    ];
    const response = await ingestion.handler(sqsEvent(bodies));

    expect(response.batchItemFailures).toEqual([]);
    expect((await fileRows(db.pool, "hostile")).map((r) => r.file_name)).toEqual(["ok.pdf"]);
    const reasons = [...ingestion.logs.find("ignored message"), ...ingestion.logs.find("ignored record")].map((r) => r.reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        "body is not JSON",
        "body is not a JSON object",
        "body has no Records array",
        "path traversal segment in key",
        "key longer than 1024 bytes",
        "key is not valid URL encoding",
        "event is for another bucket",
        "event ObjectRemoved:Delete is not an upload",
        "object no longer exists",
      ]),
    );
    expect(reasons.filter((r) => String(r).startsWith("not an S3 record"))).toHaveLength(2);
    expect(reasons.filter((r) => r === "path traversal segment in key")).toHaveLength(2);
  });

  it("stores SQL-looking file names verbatim through bind parameters", async () => {
    const name = "x'); DROP TABLE files; --.pdf";
    const notification = await s3.put("documents", `uploads/sqli/${name}`, "%PDF");
    expect((await ingestion.handler(sqsEvent([notification]))).batchItemFailures).toEqual([]);
    expect((await fileRows(db.pool, "sqli")).map((r) => r.file_name)).toEqual([name]);
    expect((await db.pool.query("SELECT count(*)::int AS n FROM files")).rows[0].n).toBeGreaterThan(0);
  });

  it("ignores an upload whose object was deleted before it was processed", async () => {
    const notification = await s3.put("documents", "uploads/gone/drawing.dxf", "0\nSECTION");
    await s3.client.send(new DeleteObjectCommand({ Bucket: "documents", Key: "uploads/gone/drawing.dxf" }));
    expect((await ingestion.handler(sqsEvent([notification]))).batchItemFailures).toEqual([]);
    expect(await fileRows(db.pool, "gone")).toEqual([]);
  });

  it("refuses an invocation that is not an SQS batch", async () => {
    await expect(ingestion.handler({ Records: [{ body: 1 }] })).rejects.toThrow("ingestion expects an SQS event");
    await expect(ingestion.handler("hello")).rejects.toThrow("ingestion expects an SQS event");
  });
});
