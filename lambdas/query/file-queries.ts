import type { FileMetadata } from "../shared/file-metadata";
import type { DbPool } from "../shared/postgres";

export interface FileView extends FileMetadata {
  readonly id: string;
  readonly projectId: string;
  readonly key: string;
  readonly createdAt: string;
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
}

const COLUMNS = `id, seq, project_id, object_key, version_id, file_name, extension, size_bytes, content_type,
  etag, status, reject_reason, uploaded_at, created_at`;

// Every value travels as a bind parameter; no request input is ever spliced into SQL text.
const LIST_PAGE = `SELECT ${COLUMNS} FROM files
WHERE project_id = $1 AND ($2::bigint IS NULL OR seq < $2::bigint)
ORDER BY seq DESC
LIMIT $3`;

const BY_ID = `SELECT ${COLUMNS} FROM files WHERE id = $1`;

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
  };
}
