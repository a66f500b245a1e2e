import type { MigrateConfig } from "../shared/config";
import type { Logger } from "../shared/logger";
import { createPostgresPool, type PostgresTimeouts } from "../shared/postgres";
import { secretsManagerSource, type SecretSource } from "../shared/secrets";
import { migrate, type MigrationReport } from "./core";
import { MIGRATIONS, type Migration } from "./migrations";

// DDL may legitimately run for minutes; the function's own timeout is the outer bound.
const MIGRATION_TIMEOUTS: PostgresTimeouts = { connectMs: 5000, statementMs: 10 * 60 * 1000 };
const LOCK_WAIT_MS = 5 * 60 * 1000;

export interface MigrateRuntimeOptions {
  readonly secrets?: SecretSource;
  readonly migrations?: readonly Migration[];
  readonly lockWaitMs?: number;
}

/**
 * Invoked by the deployment with any payload; returns what it applied, and throws (failing the
 * deployment) when a migration fails. A fresh pool per invoke: this runs a few times a day at most.
 */
export function createMigrateHandler(config: MigrateConfig, logger: Logger, options: MigrateRuntimeOptions = {}) {
  return async (): Promise<MigrationReport> => {
    const secrets = options.secrets ?? secretsManagerSource(config.region);
    const pool = await createPostgresPool(config.postgres, secrets, logger, {
      max: 1,
      timeouts: MIGRATION_TIMEOUTS,
      applicationName: "aec-migrate",
    });
    try {
      const report = await migrate(pool, options.migrations ?? MIGRATIONS, logger, { lockWaitMs: options.lockWaitMs ?? LOCK_WAIT_MS });
      logger.info("migrations complete", { ...report });
      return report;
    } finally {
      await pool.end();
    }
  };
}
