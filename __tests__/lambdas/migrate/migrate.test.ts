import { Pool } from "pg";
import { createMigrateHandler } from "../../../lambdas/migrate/app";
import { migrate, MigrationError } from "../../../lambdas/migrate/core";
import { MIGRATIONS, type Migration } from "../../../lambdas/migrate/migrations";
import { loadMigrateConfig } from "../../../lambdas/shared/config";
import { captureLogs } from "../support/logs";
import { settle, testEnv, testSecrets } from "../support/fixtures";
import { requireServices, SERVICES, uniqueName } from "../support/services";

/** Every shipped migration, in order: the history a fresh schema ends with. */
const ALL_IDS = MIGRATIONS.map((m) => m.id);

let admin: Pool;
const schemas: string[] = [];

beforeAll(async () => {
  await requireServices("postgres");
  admin = new Pool({ connectionString: SERVICES.postgres.href, max: 2 });
});

afterAll(async () => {
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.end();
});

async function freshSchema(): Promise<string> {
  const schema = uniqueName("mig");
  schemas.push(schema);
  await admin.query(`CREATE SCHEMA ${schema}`);
  return schema;
}

function handlerFor(schema: string, extra: { migrations?: readonly Migration[]; lockWaitMs?: number } = {}) {
  const logs = captureLogs();
  const config = loadMigrateConfig(testEnv({ schema, prefix: schema }));
  return { logs, run: createMigrateHandler(config, logs.logger, { secrets: testSecrets(), ...extra }) };
}

async function tablesIn(schema: string): Promise<string[]> {
  const { rows } = await admin.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
    [schema],
  );
  return rows.map((r) => r.table_name);
}

async function history(schema: string) {
  const { rows } = await admin.query<{ id: string; applied_at: Date }>(`SELECT id, applied_at FROM ${schema}.schema_migrations ORDER BY id`);
  return rows;
}

describe("migrate handler", () => {
  it("applies every migration in order and records each", async () => {
    const schema = await freshSchema();
    const report = await handlerFor(schema).run();
    expect(report).toEqual({ schema, applied: ALL_IDS, alreadyApplied: [], unknown: [] });
    expect(await tablesIn(schema)).toEqual(["files", "outbox", "processing_results", "schema_migrations"]);
    expect((await history(schema)).map((r) => r.id)).toEqual(ALL_IDS);
  });

  it("changes nothing when run a second time", async () => {
    const schema = await freshSchema();
    const { run } = handlerFor(schema);
    await run();
    const before = await history(schema);
    const second = await run();
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(ALL_IDS);
    expect(await history(schema)).toEqual(before);
  });

  it("serializes concurrent runs on the advisory lock: each migration is applied exactly once", async () => {
    const schema = await freshSchema();
    const runs = await Promise.all([handlerFor(schema).run(), handlerFor(schema).run(), handlerFor(schema).run()]);
    const appliedAll = runs.flatMap((r) => r.applied).sort();
    expect(appliedAll).toEqual(ALL_IDS);
    expect(runs.filter((r) => r.applied.length === 0)).toHaveLength(2);
    expect(await history(schema)).toHaveLength(ALL_IDS.length);
  });

  it("waits while another session holds the lock, then proceeds", async () => {
    const schema = await freshSchema();
    const holder = await admin.connect();
    try {
      await holder.query(`SET search_path = ${schema}`);
      await holder.query("SELECT pg_advisory_lock(hashtextextended('aec-platform-kit:migrations:' || current_schema(), 0))");
      let finished = false;
      const running = handlerFor(schema).run().finally(() => (finished = true));
      await settle(300);
      expect(finished).toBe(false);
      expect(await tablesIn(schema)).toEqual([]);
      await holder.query("SELECT pg_advisory_unlock_all()");
      expect((await running).applied).toHaveLength(ALL_IDS.length);
    } finally {
      holder.release();
    }
  });

  it("gives up with a clear error when the lock is held too long", async () => {
    const schema = await freshSchema();
    const holder = await admin.connect();
    try {
      await holder.query(`SET search_path = ${schema}`);
      await holder.query("SELECT pg_advisory_lock(hashtextextended('aec-platform-kit:migrations:' || current_schema(), 0))");
      await expect(handlerFor(schema, { lockWaitMs: 200 }).run()).rejects.toThrow("another migration run held the lock for more than 200 ms");
    } finally {
      await holder.query("SELECT pg_advisory_unlock_all()");
      holder.release();
    }
  });

  it("rolls back a failing migration completely and reports which one failed", async () => {
    const schema = await freshSchema();
    const broken: Migration[] = [
      ...MIGRATIONS,
      { id: "9999_broken", sql: "CREATE TABLE half_done (id int); SELECT * FROM no_such_table;" },
    ];
    await expect(handlerFor(schema, { migrations: broken }).run()).rejects.toThrow(/migration 9999_broken failed: .*no_such_table/);
    expect(await tablesIn(schema)).toEqual(["files", "outbox", "processing_results", "schema_migrations"]);
    expect((await history(schema)).map((r) => r.id)).toEqual(ALL_IDS);
  });

  it("refuses to run when an applied migration was edited", async () => {
    const schema = await freshSchema();
    await handlerFor(schema).run();
    const edited = MIGRATIONS.map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
    await expect(handlerFor(schema, { migrations: edited }).run()).rejects.toThrow("migration 0001_create_files was changed after it was applied");
  });

  it("reports migrations recorded by newer code without failing", async () => {
    const schema = await freshSchema();
    const { run, logs } = handlerFor(schema);
    await run();
    await admin.query(`INSERT INTO ${schema}.schema_migrations (id, checksum) VALUES ('0099_future', 'x')`);
    const report = await run();
    expect(report.unknown).toEqual(["0099_future"]);
    expect(logs.find("database has migrations this code does not know")).toHaveLength(1);
  });

  it("rejects a migration list that is out of order before touching the database", async () => {
    const pool = new Pool({ connectionString: SERVICES.postgres.href, max: 1 });
    try {
      await expect(migrate(pool, [...MIGRATIONS].reverse(), captureLogs().logger, { lockWaitMs: 100 })).rejects.toBeInstanceOf(MigrationError);
    } finally {
      await pool.end();
    }
  });
});
