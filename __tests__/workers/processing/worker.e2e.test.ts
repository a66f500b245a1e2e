import { EVENT_TYPES } from "../../../lambdas/shared/broker-topology";
import { stableUuid } from "../../../lambdas/shared/ids";
import { call, startQuery, type QueryUnderTest } from "../../lambdas/query/harness";
import { classicPdf, ifcFile } from "./fixtures";
import { startPipeline, startWorker, waitUntil, type Pipeline, type WorkerUnderTest } from "./harness";

let pipeline: Pipeline;
let worker: WorkerUnderTest | undefined;
let query: QueryUnderTest;

beforeAll(async () => {
  pipeline = await startPipeline("wrk");
  query = await startQuery(pipeline.names);
});

afterAll(async () => {
  await worker?.stop();
  await query?.close();
  await pipeline?.close();
});

const processingQueue = () => pipeline.topology.queues[0]!;

async function ensureWorker(): Promise<WorkerUnderTest> {
  worker ??= await startWorker(pipeline.names, { s3Endpoint: pipeline.s3.endpoint });
  return worker;
}

async function resultFor(fileId: string) {
  return (await pipeline.results()).find((r) => r.file_id === fileId);
}

describe("processing worker, end to end", () => {
  it("turns an upload into a processed row, a file.processed event, and a query answer that shows it", async () => {
    const fileId = await pipeline.upload("uploads/tower-7/model.ifc", ifcFile());
    const before = await call(query, "/projects/tower-7/files");
    expect(before.json.items[0].processing).toEqual({ status: "pending", kind: null, metadata: null, error: null, processedAt: null });
    expect((await call(query, "/projects/tower-7/files")).headers["x-cache"]).toBe("hit");

    await ensureWorker();
    await waitUntil(async () => (await resultFor(fileId)) !== undefined, 5000, () => "the result row");
    expect(await resultFor(fileId)).toMatchObject({
      project_id: "tower-7",
      status: "processed",
      kind: "ifc",
      metadata: { schema: "IFC4", application: "Example Modeller 2024", projectName: "Tower 7; Phase 2", integrity: "md5" },
      error: null,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    expect(await pipeline.processedEvents.waitFor(1)).toBe(1);
    const [event] = pipeline.processedEvents.bodies();
    expect(event).toMatchObject({ id: stableUuid(EVENT_TYPES.fileProcessed, fileId, "processed"), type: "file.processed", data: { fileId, projectId: "tower-7", status: "processed", kind: "ifc" } });
    expect(pipeline.processedEvents.messages[0]!.properties.messageId).toBe(event!.id);
    // Marked sent right after the broker confirmed it, which may be a moment after the event arrived here.
    const sentAt = async () => (await pipeline.db.pool.query("SELECT sent_at FROM outbox WHERE event_type = 'file.processed' AND file_id = $1", [fileId])).rows;
    await waitUntil(async () => (await sentAt())[0]?.sent_at instanceof Date, 2000, () => "the outbox entry marked sent");
    expect(await sentAt()).toEqual([{ sent_at: expect.any(Date) }]);

    // The worker invalidated the project: the next query reads the new status from PostgreSQL.
    await waitUntil(async () => (await call(query, "/projects/tower-7/files")).json.items[0].processing.status === "processed", 2000);
    const after = await call(query, `/files/${fileId}`, { projects: ["tower-7"] });
    expect(after.json.processing).toMatchObject({ status: "processed", kind: "ifc", metadata: { projectName: "Tower 7; Phase 2" } });
  });

  it("extracts PDF page counts and records other types as unknown", async () => {
    await ensureWorker();
    const pdf = await pipeline.upload("uploads/docs/spec.pdf", classicPdf(4));
    const dwg = await pipeline.upload("uploads/docs/plan.dwg", "AC1032 drawing");
    await waitUntil(async () => (await resultFor(pdf)) !== undefined && (await resultFor(dwg)) !== undefined, 5000);
    expect(await resultFor(pdf)).toMatchObject({ status: "processed", kind: "pdf", metadata: { pdfVersion: "1.4", pageCount: 4 } });
    expect(await resultFor(dwg)).toMatchObject({ status: "processed", kind: "unknown", metadata: { integrity: "md5" } });
  });

  it("writes one row and publishes one event however often the event is delivered", async () => {
    const w = await ensureWorker();
    const fileId = await pipeline.upload("uploads/dup/wall.ifc", ifcFile({ projectName: "Dup" }));
    await waitUntil(async () => (await resultFor(fileId)) !== undefined, 5000);
    const { rows: uploaded } = await pipeline.db.pool.query("SELECT payload, event_id FROM outbox WHERE file_id = $1 AND event_type = 'file.uploaded'", [fileId]);
    const body = Buffer.from(JSON.stringify({ id: uploaded[0].event_id, type: "file.uploaded", occurredAt: new Date().toISOString(), data: uploaded[0].payload }));
    const ch = await pipeline.admin.createChannel();
    for (let i = 0; i < 3; i++) ch.publish(pipeline.names.exchange, "file.uploaded", body, { messageId: uploaded[0].event_id, persistent: true });
    await ch.close();
    await waitUntil(() => w.logs.find("file already processed").length >= 3, 5000, () => "three duplicate deliveries");

    const { rows } = await pipeline.db.pool.query(
      "SELECT (SELECT count(*) FROM processing_results WHERE file_id = $1)::int AS results, (SELECT count(*) FROM outbox WHERE file_id = $1 AND event_type = 'file.processed')::int AS events",
      [fileId],
    );
    expect(rows[0]).toEqual({ results: 1, events: 1 });
    const published = pipeline.processedEvents.bodies().filter((e) => e.data.fileId === fileId);
    expect(published).toHaveLength(1);
  });

  it("dead-letters poison messages: unparseable, unknown file, checksum that does not heal", async () => {
    const w = await ensureWorker();
    const dead = processingQueue().deadLetterQueue;
    const ch = await pipeline.admin.createChannel();
    ch.publish(pipeline.names.exchange, "file.uploaded", Buffer.from("{not json"), { persistent: true });
    const ghost = stableUuid("ghost");
    ch.publish(pipeline.names.exchange, "file.uploaded", Buffer.from(JSON.stringify({ id: stableUuid("e"), type: "file.uploaded", data: { fileId: ghost, projectId: "x" } })), { persistent: true });
    await ch.close();

    // A file row whose recorded ETag does not match the object's bytes (same size): as if the object changed after
    // ingestion recorded it. The row and its event are written here, so that the worker cannot read it first.
    const notification = await pipeline.s3.put("documents", "uploads/bad/tampered.pdf", "%PDF-1.4 abc");
    const tampered = stableUuid("tampered");
    await pipeline.db.pool.query(
      `INSERT INTO files (id, project_id, bucket, object_key, revision, file_name, extension, size_bytes, etag, status, uploaded_at)
       VALUES ($1, 'bad', 'documents', 'uploads/bad/tampered.pdf', 'etag:old', 'tampered.pdf', 'pdf', 12, $2, 'accepted', now())`,
      [tampered, "0".repeat(32)],
    );
    const publish = await pipeline.admin.createChannel();
    publish.publish(pipeline.names.exchange, "file.uploaded", Buffer.from(JSON.stringify({ id: stableUuid("t"), type: "file.uploaded", data: { fileId: tampered, projectId: "bad" } })), { persistent: true });
    await publish.close();

    await waitUntil(async () => (await pipeline.queueDepth(dead)) >= 3, 5000, () => "three dead letters");
    const reasons = w.logs.find("poison message").map((r) => r.reason);
    expect(reasons).toEqual(expect.arrayContaining(["event is not JSON", "no file row for this event"]));
    expect(await resultFor(tampered)).toMatchObject({ status: "failed", error: expect.stringMatching(/^checksum mismatch: recorded ETag [0-9a-f]{32}, content MD5 [0-9a-f]{32}$/) });
    expect(w.logs.find("file failed, event dead-lettered")).toHaveLength(1);
    expect(w.metrics.render()).toMatch(/aec_worker_messages_dead_lettered_total [3-9]/);

    const failed = await call(query, `/files/${tampered}`, { projects: ["bad"] });
    expect(failed.json.processing).toMatchObject({ status: "failed", error: expect.stringContaining("checksum mismatch") });
    // The upload itself, once ingested, is a file version of its own and is processed.
    await pipeline.ingestion.handler({ Records: [{ messageId: "m", body: notification }] });
    await waitUntil(async () => (await pipeline.results()).filter((r) => r.project_id === "bad").length === 2, 5000);
    await pipeline.drainQueue(dead);
  });

  it("reports its figures in the Prometheus text format", async () => {
    const w = await ensureWorker();
    await waitUntil(() => /^aec_worker_in_flight 0$/m.test(w.metrics.render()), 3000, () => "no message in flight");
    const text = w.metrics.render();
    expect(text).toMatch(/^# HELP aec_worker_files_processed_total /m);
    expect(text).toMatch(/^aec_worker_files_processed_total\{kind="ifc"\} [1-9]/m);
    expect(text).toMatch(/^aec_worker_processing_duration_seconds_bucket\{le="\+Inf"\} [1-9]/m);
    expect(text).toMatch(/^aec_worker_in_flight 0$/m);
  });
});
