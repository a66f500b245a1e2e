import type { FileMetadata } from "../shared/file-metadata";
import type { DbPool } from "../shared/postgres";

export interface FileRow extends FileMetadata {
  readonly id: string;
  readonly projectId: string;
  readonly bucket: string;
  readonly objectKey: string;
  /** The S3 version id, or "etag:<etag>" in an unversioned bucket: what makes an upload unique. */
  readonly revision: string;
}

export interface OutboxEntry {
  readonly eventId: string;
  readonly eventType: string;
  readonly messageKey: string;
  readonly payload: unknown;
}

export interface Upload {
  readonly file: FileRow;
  readonly event: OutboxEntry | null;
}

/*
 * One statement for the whole batch, hence one transaction: every file row is written together with its
 * outbox entry or not at all. A redelivered upload hits the unique (bucket, object_key, revision)
 * constraint and writes nothing, not even a second outbox entry. Every value is a bind parameter.
 */
const RECORD_UPLOADS = `
WITH input AS (
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                       $8::text[], $9::bigint[], $10::text[], $11::text[], $12::text[], $13::text[],
                       $14::timestamptz[], $15::uuid[], $16::text[], $17::text[])
    AS t(id, project_id, bucket, object_key, revision, version_id, file_name, extension, size_bytes,
         content_type, etag, status, reject_reason, uploaded_at, event_id, event_type, payload)
), new_files AS (
  INSERT INTO files (id, project_id, bucket, object_key, revision, version_id, file_name, extension,
                     size_bytes, content_type, etag, status, reject_reason, uploaded_at)
  SELECT id, project_id, bucket, object_key, revision, version_id, file_name, extension,
         size_bytes, content_type, etag, status, reject_reason, uploaded_at
  FROM input
  ON CONFLICT (bucket, object_key, revision) DO NOTHING
  RETURNING id
), new_events AS (
  INSERT INTO outbox (event_id, file_id, event_type, message_key, payload, occurred_at)
  SELECT i.event_id, i.id, i.event_type, i.project_id, i.payload::jsonb, i.uploaded_at
  FROM input i JOIN new_files n ON n.id = i.id
  WHERE i.event_id IS NOT NULL
  RETURNING event_id
)
SELECT id FROM new_files`;

/** Records uploads (duplicates allowed); returns the ids of the file rows this call created. */
export async function recordUploads(db: DbPool, uploads: readonly Upload[]): Promise<Set<string>> {
  const unique = [...new Map(uploads.map((u) => [u.file.id, u])).values()];
  if (unique.length === 0) return new Set();
  const column = <T>(pick: (u: Upload) => T) => unique.map(pick);
  const { rows } = await db.query<{ id: string }>(RECORD_UPLOADS, [
    column((u) => u.file.id),
    column((u) => u.file.projectId),
    column((u) => u.file.bucket),
    column((u) => u.file.objectKey),
    column((u) => u.file.revision),
    column((u) => u.file.versionId),
    column((u) => u.file.fileName),
    column((u) => u.file.extension),
    column((u) => u.file.sizeBytes),
    column((u) => u.file.contentType),
    column((u) => u.file.etag),
    column((u) => u.file.status),
    column((u) => u.file.rejectReason),
    column((u) => u.file.uploadedAt),
    column((u) => u.event?.eventId ?? null),
    column((u) => u.event?.eventType ?? null),
    column((u) => (u.event ? JSON.stringify(u.event.payload) : null)),
  ]);
  return new Set(rows.map((r) => r.id));
}

/** Single-upload form, for callers (and tests) that record one file at a time. */
export async function recordUpload(db: DbPool, file: FileRow, event: OutboxEntry | null): Promise<boolean> {
  return (await recordUploads(db, [{ file, event }])).has(file.id);
}
