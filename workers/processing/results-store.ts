import type { DbPool } from "../../lambdas/shared/postgres";
import type { Extraction } from "./extract";

export interface FileToProcess {
  readonly id: string;
  readonly projectId: string;
  readonly bucket: string;
  readonly objectKey: string;
  readonly versionId: string | null;
  readonly extension: string;
  readonly sizeBytes: number;
  readonly etag: string | null;
  readonly status: "accepted" | "rejected";
  readonly resultStatus: "processed" | "failed" | null;
}

const FILE = `
SELECT f.id, f.project_id, f.bucket, f.object_key, f.version_id, f.extension, f.size_bytes, f.etag, f.status,
       r.status AS result_status
FROM files f LEFT JOIN processing_results r ON r.file_id = f.id
WHERE f.id = $1`;

/** The row ingestion wrote (what the object must match), with the result of an earlier delivery if any. */
export async function loadFile(db: DbPool, fileId: string): Promise<FileToProcess | null> {
  const { rows } = await db.query<{
    id: string;
    project_id: string;
    bucket: string;
    object_key: string;
    version_id: string | null;
    extension: string;
    size_bytes: string;
    etag: string | null;
    status: "accepted" | "rejected";
    result_status: "processed" | "failed" | null;
  }>(FILE, [fileId]);
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    projectId: row.project_id,
    bucket: row.bucket,
    objectKey: row.object_key,
    versionId: row.version_id,
    extension: row.extension,
    sizeBytes: Number(row.size_bytes),
    etag: row.etag,
    status: row.status,
    resultStatus: row.result_status,
  };
}

export interface ResultRow {
  readonly fileId: string;
  readonly projectId: string;
  readonly outcome: { readonly status: "processed"; readonly extraction: Extraction; readonly sha256: string } | { readonly status: "failed"; readonly error: string; readonly kind: Extraction["kind"] };
  /** The file.uploaded event that led to this result. */
  readonly sourceEventId: string;
  readonly event: { readonly id: string; readonly type: string; readonly payload: unknown };
}

/*
 * One statement, hence one transaction: the result row and its outbox entry are written together or not at all.
 * A redelivery finds the row (primary key = file id) and writes nothing; only a failed row is replaced, by a
 * processed one (an event replayed from the dead-letter queue once its cause is fixed). The event id is stable
 * per file and status, so a second outbox entry for the same outcome cannot exist either.
 */
const RECORD = `
WITH result AS (
  INSERT INTO processing_results AS r (file_id, project_id, status, kind, metadata, sha256, error, event_id)
  VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8)
  ON CONFLICT (file_id) DO UPDATE
    SET status = EXCLUDED.status, kind = EXCLUDED.kind, metadata = EXCLUDED.metadata, sha256 = EXCLUDED.sha256,
        error = EXCLUDED.error, event_id = EXCLUDED.event_id, processed_at = now()
    WHERE r.status = 'failed' AND EXCLUDED.status = 'processed'
  RETURNING file_id
), event AS (
  INSERT INTO outbox (event_id, file_id, event_type, message_key, payload, occurred_at)
  SELECT $9, file_id, $10, $2, $11::jsonb, now() FROM result
  ON CONFLICT (event_id) DO NOTHING
  RETURNING occurred_at
)
SELECT (SELECT occurred_at FROM event) AS occurred_at`;

/** Writes the result and its event; returns when the event was queued, or null when this call wrote nothing. */
export async function recordResult(db: DbPool, row: ResultRow): Promise<Date | null> {
  const o = row.outcome;
  const { rows } = await db.query<{ occurred_at: Date | null }>(RECORD, [
    row.fileId,
    row.projectId,
    o.status,
    o.status === "processed" ? o.extraction.kind : o.kind,
    JSON.stringify(o.status === "processed" ? o.extraction.metadata : {}),
    o.status === "processed" ? o.sha256 : null,
    o.status === "failed" ? o.error : null,
    row.sourceEventId,
    row.event.id,
    row.event.type,
    JSON.stringify(row.event.payload),
  ]);
  return rows[0]?.occurred_at ?? null;
}
