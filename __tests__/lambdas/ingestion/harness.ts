import type { Pool } from "pg";
import { createIngestionHandler, createIngestionRuntime, type IngestionRuntime } from "../../../lambdas/ingestion/app";
import { loadIngestionConfig } from "../../../lambdas/shared/config";
import { captureLogs, type CapturedLogs } from "../support/logs";
import { testEnv, testSecrets, type Ports } from "../support/fixtures";
import { S3_CREDENTIALS } from "../support/s3";

export interface IngestionUnderTest {
  readonly handler: ReturnType<typeof createIngestionHandler>;
  readonly runtime: IngestionRuntime;
  readonly logs: CapturedLogs;
}

/** The ingestion handler as deployed (config from environment, real clients), on local services. */
export async function startIngestion(
  names: { schema: string; prefix: string; exchange: string; s3Endpoint: string },
  ports: Ports = {},
): Promise<IngestionUnderTest> {
  const logs = captureLogs();
  const config = loadIngestionConfig(testEnv({ ...names, bucket: "documents" }, ports));
  const runtime = await createIngestionRuntime(config, logs.logger, {
    secrets: testSecrets(),
    s3Credentials: S3_CREDENTIALS,
    // Outages are simulated by refused connections, which fail at once; these budgets only have to be
    // long enough never to run out on a busy machine.
    timeouts: {
      pg: { connectMs: 5000, statementMs: 5000 },
      redis: { connectMs: 2000, commandMs: 2000 },
      broker: { connectMs: 5000, publishMs: 5000 },
    },
  });
  return { handler: createIngestionHandler(async () => runtime, logs.logger), runtime, logs };
}

export async function fileRows(pool: Pool, projectId: string) {
  const { rows } = await pool.query(
    `SELECT f.*, o.event_id, o.sent_at FROM files f LEFT JOIN outbox o ON o.file_id = f.id WHERE f.project_id = $1 ORDER BY f.seq`,
    [projectId],
  );
  return rows as Array<Record<string, unknown>>;
}
