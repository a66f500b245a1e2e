// The handlers' database roles against the real PostgreSQL: each can do what its handler does and nothing
// more. The migration creates them without passwords (RDS IAM tokens sign them in); here they get a test
// password so the checks also work where local connections need one.
import { Pool } from "pg";
import { createIngestionHandler, createIngestionRuntime } from "../../../lambdas/ingestion/app";
import { createQueryHandler, createQueryRuntime } from "../../../lambdas/query/app";
import { loadIngestionConfig, loadQueryConfig } from "../../../lambdas/shared/config";
import { bindTestQueue, clearRedisPrefix, createTestSchema, testEnv, testSecrets } from "../support/fixtures";
import { captureLogs } from "../support/logs";
import { S3_CREDENTIALS, sqsEvent, startLocalS3, type LocalS3 } from "../support/s3";
import { requireServices, SERVICES, uniqueName } from "../support/services";
import { httpEvent } from "../query/harness";

const schema = uniqueName("roles");
const ROLE_PASSWORD = "local-test-only";
let db: { pool: Pool; drop: () => Promise<void> };
let s3: LocalS3;
let queue: Awaited<ReturnType<typeof bindTestQueue>>;
const pools: Pool[] = [];

function poolAs(role: string): Pool {
  const url = new URL(SERVICES.postgres.href);
  const pool = new Pool({ host: url.hostname, port: Number(url.port) || 5432, database: url.pathname.slice(1), user: role, password: ROLE_PASSWORD, max: 1, options: `-c search_path=${schema}` });
  pools.push(pool);
  return pool;
}

async function denied(pool: Pool, sql: string): Promise<string> {
  const err = await pool.query(sql).then(() => undefined, (e: { code?: string }) => e);
  return err?.code ?? "allowed";
}

beforeAll(async () => {
  await requireServices("postgres", "redis", "rabbitmq");
  db = await createTestSchema(schema);
  await db.pool.query(`ALTER ROLE aec_ingestion PASSWORD '${ROLE_PASSWORD}'; ALTER ROLE aec_query PASSWORD '${ROLE_PASSWORD}'`);
  s3 = await startLocalS3(["documents"]);
  queue = await bindTestQueue(`${schema}.files`, "file.*");
});

afterAll(async () => {
  for (const pool of pools) await pool.end();
  await queue?.close();
  await s3?.close();
  await db?.drop();
  await clearRedisPrefix(`${schema}:`);
});

const iamEnv = (user: string) => ({
  ...testEnv({ schema, prefix: schema, exchange: `${schema}.files`, s3Endpoint: "" }),
  PG_AUTH_MODE: "iam",
  PG_USER: user,
  PG_SECRET_ARN: "",
});

describe("handler roles", () => {
  it("ingestion signs in as aec_ingestion (IAM mode) and records, relays and marks its entries", async () => {
    const logs = captureLogs();
    const config = loadIngestionConfig({ ...iamEnv("aec_ingestion"), S3_ENDPOINT: s3.endpoint, DOCUMENTS_BUCKET: "documents" });
    expect(config.postgres.auth).toEqual({ kind: "iam", user: "aec_ingestion", region: "us-east-1" });
    const runtime = await createIngestionRuntime(config, logs.logger, { secrets: testSecrets(), s3Credentials: S3_CREDENTIALS, pgIamToken: () => ROLE_PASSWORD });
    try {
      const notification = await s3.put("documents", "uploads/roles/plan.pdf", "%PDF");
      const result = await createIngestionHandler(async () => runtime, logs.logger)(sqsEvent([notification]));
      expect(result.batchItemFailures).toEqual([]);
      expect(await queue.waitFor(1)).toBe(1);
      const { rows } = await db.pool.query("SELECT count(*)::int AS sent FROM outbox WHERE sent_at IS NOT NULL");
      expect(rows[0].sent).toBe(1);
    } finally {
      await runtime.close();
    }
  });

  it("the query API signs in as aec_query and reads", async () => {
    const logs = captureLogs();
    const runtime = await createQueryRuntime(loadQueryConfig(iamEnv("aec_query")), logs.logger, { secrets: testSecrets(), pgIamToken: () => ROLE_PASSWORD });
    try {
      const reply = (await createQueryHandler(async () => runtime, logs.logger)(httpEvent("/projects/roles/files"))) as { statusCode: number; body: string };
      expect(reply.statusCode).toBe(200);
      expect(JSON.parse(reply.body).items).toHaveLength(1);
    } finally {
      await runtime.close();
    }
  });

  it("aec_query may only read files", async () => {
    const query = poolAs("aec_query");
    expect((await query.query("SELECT current_user AS u")).rows[0].u).toBe("aec_query");
    expect(await denied(query, "SELECT count(*) FROM files")).toBe("allowed");
    for (const sql of [
      "SELECT * FROM outbox",
      "INSERT INTO files (id, project_id, bucket, object_key, revision, file_name, extension, size_bytes, status, uploaded_at) VALUES (gen_random_uuid(), 'p', 'b', 'k', 'r', 'f', 'x', 1, 'accepted', now())",
      "UPDATE files SET file_name = 'x'",
      "DELETE FROM files",
      "CREATE TABLE sneaky (id int)",
      "SELECT * FROM schema_migrations",
    ]) {
      expect({ sql, code: await denied(query, sql) }).toEqual({ sql, code: "42501" });
    }
  });

  it("aec_ingestion may insert and update its tables, never delete, alter or create", async () => {
    const ingestion = poolAs("aec_ingestion");
    expect(await denied(ingestion, "UPDATE outbox SET claimed_until = NULL WHERE false")).toBe("allowed");
    for (const sql of ["DELETE FROM files", "DELETE FROM outbox", "TRUNCATE outbox", "ALTER TABLE files ADD COLUMN x int", "CREATE TABLE sneaky (id int)", "DROP TABLE outbox"]) {
      expect({ sql, code: await denied(ingestion, sql) }).toEqual({ sql, code: "42501" });
    }
  });

  it("an IAM-mode handler refuses a database secret in its configuration", () => {
    expect(() => loadQueryConfig({ ...iamEnv("aec_query"), PG_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:0:secret:master" })).toThrow(
      /PG_SECRET_ARN is set but PG_AUTH_MODE is "iam"; an IAM-authenticated handler reads no database secret: unset it/,
    );
    expect(() => loadQueryConfig({ ...iamEnv(""), PG_USER: "Bad-User" })).toThrow(/PG_USER must be a lower-case SQL identifier, got "Bad-User"/);
  });
});

describe("the role names", () => {
  it("are the ones the deployment grants rds-db:connect for", async () => {
    const { DATABASE_ROLES } = await import("../../../lambdas/shared/env");
    const { MIGRATIONS } = await import("../../../lambdas/migrate/migrations");
    const sql = MIGRATIONS.map((m) => m.sql).join("\n");
    for (const role of Object.values(DATABASE_ROLES)) expect(sql).toContain(`CREATE ROLE ${role} LOGIN`);
  });
});
