import { createHash } from "node:crypto";
import { messageOf } from "../shared/errors";
import type { Logger } from "../shared/logger";
import type { DbPool } from "../shared/postgres";
import type { Migration } from "./migrations";

export interface MigrationReport {
  readonly schema: string;
  /** Applied by this run, in order. */
  readonly applied: readonly string[];
  /** Already applied before this run. */
  readonly alreadyApplied: readonly string[];
  /** Recorded in the database but unknown to this code (an older function version running). */
  readonly unknown: readonly string[];
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = "MigrationError";
  }
}

export interface MigrateOptions {
  /** How long to wait for another run holding the lock. */
  readonly lockWaitMs: number;
}

const CREATE_HISTORY = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id         text PRIMARY KEY,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

// One lock per schema: runs against different schemas never wait for each other.
const LOCK_KEY = "hashtextextended('aec-platform-kit:migrations:' || current_schema(), 0)";

/**
 * Applies pending migrations in order, each in its own transaction together with its history row.
 * A session-level advisory lock serializes concurrent runs (two deploys, a retried invoke): the later
 * run waits, then finds nothing left to do.
 */
export async function migrate(
  db: DbPool,
  migrations: readonly Migration[],
  logger: Logger,
  options: MigrateOptions,
): Promise<MigrationReport> {
  assertOrdered(migrations);
  const client = await db.connect();
  let broken: Error | undefined;
  try {
    const { rows: schemaRows } = await client.query<{ schema: string }>("SELECT current_schema() AS schema");
    const schema = schemaRows[0]!.schema;
    await client.query(`SELECT set_config('statement_timeout', $1, false)`, [String(options.lockWaitMs)]);
    try {
      await client.query(`SELECT pg_advisory_lock(${LOCK_KEY})`);
    } catch (err) {
      throw new MigrationError(`another migration run held the lock for more than ${options.lockWaitMs} ms`, { cause: err });
    }
    try {
      await client.query("RESET statement_timeout");
      await client.query(CREATE_HISTORY);
      const { rows } = await client.query<{ id: string; checksum: string }>("SELECT id, checksum FROM schema_migrations");
      const recorded = new Map(rows.map((r) => [r.id, r.checksum]));
      const applied: string[] = [];
      const alreadyApplied: string[] = [];
      for (const migration of migrations) {
        const sum = checksum(migration);
        const previous = recorded.get(migration.id);
        if (previous !== undefined) {
          if (previous !== sum) throw new MigrationError(`migration ${migration.id} was changed after it was applied`);
          alreadyApplied.push(migration.id);
          continue;
        }
        await client.query("BEGIN");
        try {
          await client.query(migration.sql);
          await client.query("INSERT INTO schema_migrations (id, checksum) VALUES ($1, $2)", [migration.id, sum]);
          await client.query("COMMIT");
        } catch (err) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw new MigrationError(`migration ${migration.id} failed: ${messageOf(err)}`, { cause: err });
        }
        logger.info("migration applied", { migration: migration.id, schema });
        applied.push(migration.id);
      }
      const known = new Set(migrations.map((m) => m.id));
      const unknown = [...recorded.keys()].filter((id) => !known.has(id)).sort();
      if (unknown.length > 0) logger.warn("database has migrations this code does not know", { unknown });
      return { schema, applied, alreadyApplied, unknown };
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`).catch((err: Error) => {
        broken = err;
      });
    }
  } catch (err) {
    broken ??= new Error(messageOf(err));
    throw err;
  } finally {
    // A connection whose unlock failed may still hold the lock: destroy it rather than pool it.
    client.release(broken);
  }
}

function checksum(migration: Migration): string {
  return createHash("sha256").update(migration.sql).digest("hex");
}

function assertOrdered(migrations: readonly Migration[]): void {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i - 1]!.id >= migrations[i]!.id) {
      throw new MigrationError(`migrations out of order: ${migrations[i - 1]!.id} before ${migrations[i]!.id}`);
    }
  }
}
