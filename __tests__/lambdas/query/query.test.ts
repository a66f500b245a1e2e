import type { Pool } from "pg";
import { encodeCursor } from "../../../lambdas/query/cursor";
import { selectProjectPage } from "../../../lambdas/query/file-queries";
import { clearRedisPrefix, createTestSchema } from "../support/fixtures";
import { requireServices, uniqueName } from "../support/services";
import { call, seedFile, seedResult, startQuery, type QueryUnderTest } from "./harness";

const prefix = uniqueName("qry");
const schema = prefix;

let db: { pool: Pool; drop: () => Promise<void> };
let query: QueryUnderTest;
let limited: QueryUnderTest;
const LIMIT_WINDOW_SECONDS = 30;

beforeAll(async () => {
  await requireServices("postgres", "redis");
  db = await createTestSchema(schema);
  query = await startQuery({ schema, prefix });
  limited = await startQuery({ schema, prefix }, {}, { RATE_LIMIT_REQUESTS: "3", RATE_LIMIT_WINDOW_SECONDS: String(LIMIT_WINDOW_SECONDS) });
});

afterAll(async () => {
  await query?.close();
  await limited?.close();
  await db?.drop();
  await clearRedisPrefix(`${prefix}:`);
});

describe("GET /projects/{projectId}/files", () => {
  it("pages newest first with an opaque cursor, stable while new files arrive", async () => {
    const initial: string[] = [];
    for (let i = 0; i < 7; i++) initial.push(await seedFile(db.pool, "paged"));

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const reply = await call(query, "/projects/paged/files", { query: { limit: "3", ...(cursor ? { cursor } : {}) } });
      expect(reply.statusCode).toBe(200);
      expect(reply.headers["content-type"]).toBe("application/json; charset=utf-8");
      seen.push(...reply.json.items.map((f: { id: string }) => f.id));
      cursor = reply.json.nextCursor ?? undefined;
      if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      // New uploads land between page requests; they must neither shift nor repeat what comes next.
      await seedFile(db.pool, "paged");
      await query.invalidate("paged");
      pages++;
    } while (cursor);

    expect(pages).toBe(3);
    expect(seen).toEqual([...initial].reverse());

    const fresh = await call(query, "/projects/paged/files", { query: { limit: "100" } });
    expect(fresh.json.items).toHaveLength(10);
    expect(fresh.json.nextCursor).toBeNull();
  });

  it("returns the documented file shape and a default page size of 20", async () => {
    for (let i = 0; i < 21; i++) await seedFile(db.pool, "shape");
    const reply = await call(query, "/projects/shape/files");
    expect(reply.json.items).toHaveLength(20);
    expect(reply.json.nextCursor).toEqual(expect.any(String));
    expect(reply.json.items[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      projectId: "shape",
      key: expect.stringMatching(/^uploads\/shape\/drawing-\d+\.dwg$/),
      versionId: "v1",
      fileName: expect.stringMatching(/^drawing-\d+\.dwg$/),
      extension: "dwg",
      sizeBytes: 1234,
      contentType: "application/acad",
      etag: "abc",
      status: "accepted",
      rejectReason: null,
      uploadedAt: "2024-05-01T10:00:00.000Z",
      createdAt: expect.any(String),
      processing: { status: "pending", kind: null, metadata: null, error: null, processedAt: null },
    });
  });

  it("serves repeats from the cache until the project is invalidated", async () => {
    await seedFile(db.pool, "cached");
    const miss = await call(query, "/projects/cached/files");
    const hit = await call(query, "/projects/cached/files");
    expect([miss.headers["x-cache"], hit.headers["x-cache"]]).toEqual(["miss", "hit"]);
    expect(hit.body).toBe(miss.body);

    await seedFile(db.pool, "cached");
    expect((await call(query, "/projects/cached/files")).json.items).toHaveLength(1);
    await query.invalidate("cached");
    const after = await call(query, "/projects/cached/files");
    expect(after.headers["x-cache"]).toBe("miss");
    expect(after.json.items).toHaveLength(2);
  });

  it("answers an unknown project with an empty page", async () => {
    const reply = await call(query, "/projects/nobody-here/files");
    expect(reply.statusCode).toBe(200);
    expect(reply.json).toEqual({ projectId: "nobody-here", items: [], nextCursor: null });
  });
});

describe("GET /files/{fileId}", () => {
  it("returns a file, cached after the first read once the worker has recorded its result", async () => {
    const id = await seedFile(db.pool, "single", "facade.dwg");
    const pending = [await call(query, `/files/${id}`, { projects: ["single"] }), await call(query, `/files/${id}`, { projects: ["single"] })];
    expect(pending.map((r) => [r.json.processing.status, r.headers["x-cache"]])).toEqual([["pending", "miss"], ["pending", "miss"]]);

    await seedResult(db.pool, id, "single");
    const first = await call(query, `/files/${id}`, { projects: ["single"] });
    const second = await call(query, `/files/${id.toUpperCase()}`, { projects: ["single"] });
    expect(first.statusCode).toBe(200);
    expect(first.json).toMatchObject({
      id,
      projectId: "single",
      fileName: "facade.dwg",
      processing: { status: "processed", kind: "unknown", metadata: {}, error: null, processedAt: expect.any(String) },
    });
    expect([first.headers["x-cache"], second.headers["x-cache"]]).toEqual(["miss", "hit"]);
  });

  it("shows a rejected upload as failed, never pending", async () => {
    const { rows } = await db.pool.query("INSERT INTO files (id, project_id, bucket, object_key, revision, file_name, extension, size_bytes, status, reject_reason, uploaded_at) VALUES (gen_random_uuid(), 'rej', 'documents', 'uploads/rej/x.exe', 'v1', 'x.exe', 'exe', 1, 'rejected', 'type not allowed', now()) RETURNING id");
    const reply = await call(query, `/files/${rows[0].id}`, { projects: ["rej"] });
    expect(reply.json).toMatchObject({ status: "rejected", processing: { status: "failed", error: "rejected at ingestion, not processed" } });
  });

  it("answers 404 for an unknown file", async () => {
    const reply = await call(query, "/files/00000000-0000-8000-8000-000000000000");
    expect(reply.statusCode).toBe(404);
    expect(reply.json).toEqual({ error: "not_found", message: "no file with this id" });
  });
});

describe("bad requests", () => {
  it.each([
    ["/projects/p1/files", { limit: "0" }, "limit"],
    ["/projects/p1/files", { limit: "101" }, "limit"],
    ["/projects/p1/files", { limit: "ten" }, "limit"],
    ["/projects/p1/files", { limit: "2.5" }, "limit"],
    ["/projects/p1/files", { cursor: "not a cursor!" }, "cursor"],
    ["/projects/p1/files", { cursor: Buffer.from("v1.0").toString("base64url") }, "cursor"],
    ["/projects/p1/files", { cursor: Buffer.from("v1.99999999999999999999").toString("base64url") }, "cursor"],
    ["/projects/has%20space/files", {}, "projectId"],
    [`/projects/${"x".repeat(65)}/files`, {}, "projectId"],
    ["/files/123", {}, "fileId"],
    ["/files/%E0%A4%A", {}, "path"],
  ])("%s %j → 400 naming %s", async (path, params, parameter) => {
    const reply = await call(query, path, { query: params as Record<string, string> });
    expect(reply.statusCode).toBe(400);
    expect(reply.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(reply.json).toEqual({ error: "bad_request", parameter, message: expect.stringContaining(parameter === "path" ? "URL" : parameter) });
  });

  it("answers 404 for unknown routes and 405 for other methods", async () => {
    expect((await call(query, "/projects")).statusCode).toBe(404);
    expect((await call(query, "/projects/p1/files", { method: "DELETE" })).statusCode).toBe(405);
  });

  it("answers 400 to something that is not an HTTP API event", async () => {
    const reply = await query.handler({ hello: "world" });
    expect(reply).toMatchObject({ statusCode: 400 });
  });

  it("understands paths under a named stage", async () => {
    expect((await call(query, "/v1/health", { stage: "v1" })).statusCode).toBe(200);
  });
});

describe("SQL injection attempts", () => {
  it.each([
    ["/projects/p1'%20OR%20'1'%3D'1/files", {}, "projectId"],
    ["/projects/p1%3B%20DROP%20TABLE%20files/files", {}, "projectId"],
    ["/projects/p1/files", { limit: "1; DROP TABLE files" }, "limit"],
    ["/projects/p1/files", { limit: "1 OR 1=1" }, "limit"],
    ["/projects/p1/files", { cursor: Buffer.from("v1.1 OR 1=1").toString("base64url") }, "cursor"],
    ["/projects/p1/files", { cursor: "1;DELETE FROM files" }, "cursor"],
    ["/files/'%20OR%201%3D1%20--", {}, "fileId"],
  ])("%s %j is refused as a bad %s and the data is intact", async (path, params, parameter) => {
    const before = (await db.pool.query("SELECT count(*)::int AS n FROM files")).rows[0].n;
    const reply = await call(query, path, { query: params as Record<string, string> });
    expect(reply.statusCode).toBe(400);
    expect(reply.json.parameter).toBe(parameter);
    expect((await db.pool.query("SELECT count(*)::int AS n FROM files")).rows[0].n).toBe(before);
  });

  it("binds values in SQL even when input validation is bypassed", async () => {
    await seedFile(db.pool, "bound");
    expect((await selectProjectPage(db.pool, "bound' OR '1'='1", 100, null)).items).toEqual([]);
    expect((await selectProjectPage(db.pool, "bound", 100, null)).items).toHaveLength(1);
    await expect(selectProjectPage(db.pool, "bound", 100, "1 OR 1=1")).rejects.toThrow(/invalid input syntax for type bigint/);
  });

  it("a well-formed cursor cannot widen the query beyond the project", async () => {
    await seedFile(db.pool, "isolated");
    const reply = await call(query, "/projects/other-project/files", { query: { cursor: encodeCursor("9223372036854775807") } });
    expect(reply.statusCode).toBe(200);
    expect(reply.json.items).toEqual([]);
  });
});

describe("rate limiting", () => {
  // Windows are aligned to the clock; a test that straddled a boundary would see its count reset midway.
  beforeEach(async () => {
    const windowMs = LIMIT_WINDOW_SECONDS * 1000;
    const left = windowMs - (Date.now() % windowMs);
    if (left < 2000) await new Promise((resolve) => setTimeout(resolve, left + 50));
  });

  it("answers 429 with Retry-After once a client exceeds its budget, counting clients separately", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(limited, "/projects/rl/files", { ip: "203.0.113.9" })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);

    const blocked = await call(limited, "/projects/rl/files", { ip: "203.0.113.9" });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(Number(blocked.headers["retry-after"])).toBeLessThanOrEqual(LIMIT_WINDOW_SECONDS);
    expect(blocked.json).toEqual({ error: "rate_limited", message: "too many requests" });

    // Another address, and an authenticated user behind the blocked address, have their own budgets.
    expect((await call(limited, "/projects/rl/files", { ip: "203.0.113.10" })).statusCode).toBe(200);
    expect((await call(limited, "/projects/rl/files", { ip: "203.0.113.9", sub: "user-42" })).statusCode).toBe(200);
    // Health checks are never limited.
    expect((await call(limited, "/health", { ip: "203.0.113.9" })).statusCode).toBe(200);
  });

  it("counts bad requests too", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(limited, "/projects/rl/files", { ip: "203.0.113.77", query: { limit: "0" } })).statusCode);
    expect(statuses).toEqual([400, 400, 400, 429]);
  });
});

describe("GET /health", () => {
  it("reports database and cache reachability", async () => {
    const reply = await call(query, "/health");
    expect(reply.statusCode).toBe(200);
    expect(reply.json).toEqual({ status: "ok", database: true, cache: true });
  });
});
