// The worker's database role against the real PostgreSQL: it can do what the worker does and nothing more.
import { Pool } from "pg";
import { createTestSchema } from "../../lambdas/support/fixtures";
import { requireServices, SERVICES, uniqueName } from "../../lambdas/support/services";

const schema = uniqueName("wroles");
const ROLE_PASSWORD = "local-test-only";
let db: { pool: Pool; drop: () => Promise<void> };
let worker: Pool;
let fileId: string;

async function denied(pool: Pool, sql: string, params: unknown[] = []): Promise<string> {
  const err = await pool.query(sql, params).then(() => undefined, (e: { code?: string }) => e);
  return err?.code ?? "allowed";
}

beforeAll(async () => {
  await requireServices("postgres");
  db = await createTestSchema(schema);
  await db.pool.query(`ALTER ROLE aec_worker PASSWORD '${ROLE_PASSWORD}'`);
  const { rows } = await db.pool.query(
    "INSERT INTO files (id, project_id, bucket, object_key, revision, file_name, extension, size_bytes, status, uploaded_at) VALUES (gen_random_uuid(), 'p', 'b', 'uploads/p/a.pdf', 'r', 'a.pdf', 'pdf', 1, 'accepted', now()) RETURNING id",
  );
  fileId = rows[0].id;
  const url = new URL(SERVICES.postgres.href);
  worker = new Pool({ host: url.hostname, port: Number(url.port) || 5432, database: url.pathname.slice(1), user: "aec_worker", password: ROLE_PASSWORD, max: 1, options: `-c search_path=${schema}` });
});

afterAll(async () => {
  await worker?.end();
  await db?.drop();
});

describe("aec_worker", () => {
  it("reads files, records results and outbox entries, and relays them", async () => {
    expect((await worker.query("SELECT current_user AS u")).rows[0].u).toBe("aec_worker");
    expect(await denied(worker, "SELECT count(*) FROM files")).toBe("allowed");
    expect(
      await denied(worker, "INSERT INTO processing_results (file_id, project_id, status, kind, event_id) VALUES ($1, 'p', 'processed', 'pdf', gen_random_uuid()) ON CONFLICT (file_id) DO UPDATE SET kind = EXCLUDED.kind WHERE false", [fileId]),
    ).toBe("allowed");
    expect(await denied(worker, "INSERT INTO outbox (event_id, file_id, event_type, message_key, payload, occurred_at) VALUES (gen_random_uuid(), $1, 'file.processed', 'p', '{}', now())", [fileId])).toBe("allowed");
    expect(await denied(worker, "UPDATE outbox SET claimed_until = NULL WHERE false")).toBe("allowed");
  });

  it("cannot change file rows, delete, alter or create anything, or read the migration history", async () => {
    for (const sql of [
      "UPDATE files SET file_name = 'x'",
      "INSERT INTO files (id, project_id, bucket, object_key, revision, file_name, extension, size_bytes, status, uploaded_at) VALUES (gen_random_uuid(), 'p', 'b', 'k', 'r2', 'f', 'x', 1, 'accepted', now())",
      "DELETE FROM files",
      "DELETE FROM processing_results",
      "DELETE FROM outbox",
      "TRUNCATE processing_results",
      "ALTER TABLE processing_results ADD COLUMN x int",
      "CREATE TABLE sneaky (id int)",
      "DROP TABLE outbox",
      "SELECT * FROM schema_migrations",
    ]) {
      expect({ sql, code: await denied(worker, sql) }).toEqual({ sql, code: "42501" });
    }
  });

  it("the query role may read results but not write them", async () => {
    const grants = await db.pool.query(
      "SELECT privilege_type FROM information_schema.role_table_grants WHERE grantee = 'aec_query' AND table_schema = $1 AND table_name = 'processing_results'",
      [schema],
    );
    expect(grants.rows.map((r) => r.privilege_type)).toEqual(["SELECT"]);
  });
});
