import type { FileMetadata } from "../shared/file-metadata";
import type { DbPool } from "../shared/postgres";

/** What the processing worker found: `pending` until it has read the file; a rejected upload is never read. */
export interface ProcessingView {
  readonly status: "pending" | "processed" | "failed";
  readonly kind: string | null;
  readonly metadata: Readonly<Record<string, unknown>> | null;
  readonly error: string | null;
  readonly processedAt: string | null;
}

export interface FileView extends FileMetadata {
  readonly id: string;
  readonly projectId: string;
  readonly key: string;
  readonly createdAt: string;
  readonly processing: ProcessingView;
}

interface FileRecord {
  id: string;
  seq: string;
  project_id: string;
  object_key: string;
  version_id: string | null;
  file_name: string;
  extension: string;
  size_bytes: string;
  content_type: string | null;
  etag: string | null;
  status: "accepted" | "rejected";
  reject_reason: string | null;
  uploaded_at: Date;
  created_at: Date;
  result_status: "processed" | "failed" | null;
  result_kind: string | null;
  result_metadata: Record<string, unknown> | null;
  result_error: string | null;
  processed_at: Date | null;
}

const COLUMNS = `f.id, f.seq, f.project_id, f.object_key, f.version_id, f.file_name, f.extension, f.size_bytes,
  f.content_type, f.etag, f.status, f.reject_reason, f.uploaded_at, f.created_at, r.status AS result_status,
  r.kind AS result_kind, r.metadata AS result_metadata, r.error AS result_error, r.processed_at`;

const FROM = "files f LEFT JOIN processing_results r ON r.file_id = f.id";

// Every value travels as a bind parameter; no request input is ever spliced into SQL text.
const LIST_PAGE = `SELECT ${COLUMNS} FROM ${FROM}
WHERE f.project_id = $1 AND ($2::bigint IS NULL OR f.seq < $2::bigint)
ORDER BY f.seq DESC
LIMIT $3`;

const BY_ID = `SELECT ${COLUMNS} FROM ${FROM} WHERE f.id = $1`;

/** One page, newest first, plus the sequence number to continue after (null on the last page). */
export async function selectProjectPage(
  db: DbPool,
  projectId: string,
  limit: number,
  afterSeq: string | null,
): Promise<{ items: FileView[]; lastSeq: string | null }> {
  // One row more than asked tells whether another page exists without a count query.
  const { rows } = await db.query<FileRecord>(LIST_PAGE, [projectId, afterSeq, limit + 1]);
  const page = rows.slice(0, limit);
  return { items: page.map(toView), lastSeq: rows.length > limit ? page[page.length - 1]!.seq : null };
}

export async function selectFile(db: DbPool, fileId: string): Promise<FileView | null> {
  const { rows } = await db.query<FileRecord>(BY_ID, [fileId]);
  return rows[0] ? toView(rows[0]) : null;
}

function toView(row: FileRecord): FileView {
  return {
    id: row.id,
    projectId: row.project_id,
    key: row.object_key,
    versionId: row.version_id,
    fileName: row.file_name,
    extension: row.extension,
    sizeBytes: Number(row.size_bytes),
    contentType: row.content_type,
    etag: row.etag,
    status: row.status,
    rejectReason: row.reject_reason,
    uploadedAt: row.uploaded_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    processing:
      row.status === "rejected" && row.result_status === null
        ? { status: "failed", kind: null, metadata: null, error: "rejected at ingestion, not processed", processedAt: null }
        : {
            status: row.result_status ?? "pending",
            kind: row.result_kind,
            metadata: row.result_metadata,
            error: row.result_error,
            processedAt: row.processed_at?.toISOString() ?? null,
          },
  };
}

/** Whether a file's view can still change (the worker has not finished with it): such views are not cached alone. */
export function mayStillChange(file: FileView): boolean {
  return file.processing.status === "pending";
}
