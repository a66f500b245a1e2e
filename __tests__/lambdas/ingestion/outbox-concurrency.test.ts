// Eight relays sweeping the same stranded backlog at once (scheduled sweeps plus redeliveries on many
// containers), each with its own pool and broker connection like a container: each entry is published about
// once, not once per sweep. Against real PostgreSQL and RabbitMQ.
import { randomUUID } from "node:crypto";
import { Pool } from "pg";
import { relayOutbox, DEFAULT_RELAY_OPTIONS } from "../../../lambdas/shared/outbox";
import { recordUploads, type Upload } from "../../../lambdas/ingestion/file-store";
import { createLogger } from "../../../lambdas/shared/logger";
import type { Publisher } from "../../../lambdas/shared/publisher";
import { bindTestQueue, createTestSchema, testPublisher } from "../support/fixtures";
import { requireServices, SERVICES, uniqueName } from "../support/services";

jest.setTimeout(60_000);

const schema = uniqueName("outbox");
const exchange = `${schema}.files`;
const STRANDED = 250;
const SWEEPS = 8;
const logger = createLogger({ level: "error", write: () => undefined });

let db: { pool: Pool; drop: () => Promise<void> };
let queue: Awaited<ReturnType<typeof bindTestQueue>>;

function upload(n: number): Upload {
  const id = randomUUID();
  return {
    file: {
      id,
      projectId: "stranded",
      bucket: "documents",
      objectKey: `uploads/stranded/f-${n}.pdf`,
      revision: `v${n}`,
      versionId: `v${n}`,
      fileName: `f-${n}.pdf`,
      extension: "pdf",
      sizeBytes: 1,
      contentType: "application/pdf",
      etag: "e",
      status: "accepted",
      rejectReason: null,
      uploadedAt: "2024-05-01T10:00:00.000Z",
    },
    event: { eventId: randomUUID(), eventType: "file.uploaded", messageKey: "stranded", payload: { n } },
  };
}

function container(): { pool: Pool; publisher: Publisher; close: () => Promise<void> } {
  const pool = new Pool({ connectionString: SERVICES.postgres.href, max: 2, options: `-c search_path=${schema}` });
  const publisher = testPublisher(exchange, { logger });
  return { pool, publisher, close: async () => Promise.all([publisher.close(), pool.end()]).then(() => undefined) };
}

beforeAll(async () => {
  await requireServices("postgres", "rabbitmq");
  db = await createTestSchema(schema);
  queue = await bindTestQueue(exchange, "file.*");
});

afterAll(async () => {
  await queue?.close();
  await db?.drop();
});

describe("outbox relay under concurrent sweeps", () => {
  it(`${SWEEPS} simultaneous sweeps publish ${STRANDED} stranded entries with at most 5% duplicates`, async () => {
    await recordUploads(db.pool, Array.from({ length: STRANDED }, (_, n) => upload(n)));
    await db.pool.query("UPDATE outbox SET created_at = now() - interval '10 minutes'");
    const containers = Array.from({ length: SWEEPS }, container);
    try {
      // Each sweeps until it finds nothing more, as repeated scheduled invocations would.
      await Promise.all(
        containers.map(async ({ pool, publisher }) => {
          for (let round = 0; round < 10; round++) {
            const before = queue.messages.length;
            await relayOutbox(pool, publisher, logger, { fresh: [], recheck: [], sweep: true }, DEFAULT_RELAY_OPTIONS);
            const { rows } = await pool.query("SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL");
            if (rows[0].n === 0 && queue.messages.length === before) break;
          }
        }),
      );
    } finally {
      for (const c of containers) await c.close();
    }
    await queue.waitFor(STRANDED, 5000);
    await new Promise((resolve) => setTimeout(resolve, 200)); // late duplicates, if any
    const ids = queue.messages.map((m) => m.properties.messageId as string);
    const distinct = new Set(ids);
    expect(distinct.size).toBe(STRANDED);
    const duplicateRate = (ids.length - distinct.size) / STRANDED;
    expect(duplicateRate).toBeLessThanOrEqual(0.05);
    const { rows } = await db.pool.query("SELECT count(*)::int AS unsent, count(claimed_until)::int AS claimed FROM outbox WHERE sent_at IS NULL OR claimed_until IS NOT NULL");
    expect(rows[0]).toEqual({ unsent: 0, claimed: 0 });
  });

  it("a failed publish releases its claims at once, so the retry need not wait for the lease", async () => {
    await recordUploads(db.pool, [upload(1000)]);
    await db.pool.query("UPDATE outbox SET created_at = now() - interval '10 minutes' WHERE sent_at IS NULL");
    const failing: Publisher = { publish: () => Promise.reject(new Error("broker down")), close: async () => undefined };
    const first = await relayOutbox(db.pool, failing, logger, { fresh: [], recheck: [], sweep: true });
    expect(first.size).toBe(0);
    const { rows } = await db.pool.query("SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL AND claimed_until IS NULL");
    expect(rows[0].n).toBe(1);
  });

  it("a redelivered record whose entry another relay holds is reported unsent, so it is retried", async () => {
    const entry = upload(2000);
    await recordUploads(db.pool, [entry]);
    await db.pool.query("UPDATE outbox SET claimed_until = now() + interval '1 minute' WHERE event_id = $1", [entry.event!.eventId]);
    const publisher: Publisher = { publish: async () => undefined, close: async () => undefined };
    const sent = await relayOutbox(db.pool, publisher, logger, { fresh: [], recheck: [entry.event!.eventId], sweep: false });
    expect(sent.has(entry.event!.eventId)).toBe(false);
  });
});
