/**
 * Schema history, oldest first. Kept as TypeScript strings so the bundle carries them with no files
 * beside it. An applied migration is never edited: its checksum is recorded and checked on every run;
 * change the schema by appending a new one.
 */
export interface Migration {
  readonly id: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: "0001_create_files",
    sql: `
CREATE TABLE files (
  id            uuid PRIMARY KEY,
  -- Insertion order, the key of keyset pagination: stable while new files arrive.
  seq           bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  project_id    text NOT NULL,
  bucket        text NOT NULL,
  object_key    text NOT NULL,
  -- S3 version id, or "etag:<etag>" for unversioned buckets: one row per uploaded object version.
  revision      text NOT NULL,
  version_id    text,
  file_name     text NOT NULL,
  extension     text NOT NULL,
  size_bytes    bigint NOT NULL CHECK (size_bytes >= 0),
  content_type  text,
  etag          text,
  status        text NOT NULL CHECK (status IN ('accepted', 'rejected')),
  reject_reason text,
  uploaded_at   timestamptz NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT files_one_row_per_revision UNIQUE (bucket, object_key, revision),
  CONSTRAINT files_reason_iff_rejected CHECK ((status = 'rejected') = (reject_reason IS NOT NULL))
);
CREATE INDEX files_by_project_newest_first ON files (project_id, seq DESC);
`,
  },
  {
    id: "0002_create_outbox",
    sql: `
CREATE TABLE outbox (
  event_id     uuid PRIMARY KEY,
  file_id      uuid NOT NULL REFERENCES files (id),
  event_type   text NOT NULL,
  message_key  text NOT NULL,
  payload      jsonb NOT NULL,
  occurred_at  timestamptz NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  sent_at      timestamptz
);
-- Only unsent entries are ever searched; the partial index stays as small as the backlog.
CREATE INDEX outbox_unsent ON outbox (created_at) WHERE sent_at IS NULL;
`,
  },
  {
    id: "0003_outbox_claims",
    sql: `
-- A relay claims the unsent entries it is about to publish for a short lease, so that concurrent sweeps
-- (scheduled ones, redeliveries on many containers) publish each stranded entry about once. A nullable
-- column without a default: added without rewriting the table.
ALTER TABLE outbox ADD COLUMN claimed_until timestamptz;
`,
  },
  {
    id: "0004_handler_roles",
    sql: `
-- The roles the ingestion and query functions sign in as, with RDS IAM authentication (rds_iam is granted
-- where it exists, i.e. on RDS; it makes the server accept IAM tokens instead of passwords). The migrate
-- function keeps the master user and owns the schema. Roles are cluster-wide, grants are per schema; the
-- lock keeps two schemas' migrations from creating the same role at once.
SELECT pg_advisory_xact_lock(hashtextextended('aec-platform-kit:roles', 0));
DO $roles$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'aec_ingestion') THEN CREATE ROLE aec_ingestion LOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'aec_query') THEN CREATE ROLE aec_query LOGIN; END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rds_iam') THEN
    GRANT rds_iam TO aec_ingestion, aec_query;
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO aec_ingestion, aec_query', current_schema());
END
$roles$;
-- Ingestion records files and their outbox entries and relays them; it never deletes.
GRANT SELECT, INSERT, UPDATE ON files, outbox TO aec_ingestion;
-- The query API only reads files.
GRANT SELECT ON files TO aec_query;
`,
  },
  {
    id: "0005_processing_results",
    sql: `
-- What the processing worker found in each file version: one row per file (the primary key is the file id, so a
-- redelivered event finds the row and writes nothing). A failed row may be replaced by a processed one when the
-- event is replayed from the dead-letter queue; a processed row is final.
CREATE TABLE processing_results (
  file_id       uuid PRIMARY KEY REFERENCES files (id),
  project_id    text NOT NULL,
  status        text NOT NULL CHECK (status IN ('processed', 'failed')),
  -- ifc | pdf | unknown: which extractor read the file.
  kind          text NOT NULL,
  metadata      jsonb NOT NULL DEFAULT '{}'::jsonb,
  sha256        text,
  error         text,
  event_id      uuid NOT NULL,
  processed_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT processing_results_error_iff_failed CHECK ((status = 'failed') = (error IS NOT NULL))
);
SELECT pg_advisory_xact_lock(hashtextextended('aec-platform-kit:roles', 0));
DO $roles$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'aec_worker') THEN CREATE ROLE aec_worker LOGIN; END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rds_iam') THEN
    GRANT rds_iam TO aec_worker;
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO aec_worker', current_schema());
END
$roles$;
-- The worker reads the file rows ingestion wrote, records results and relays its outbox entries (claims
-- included); it never changes a file row and never deletes.
GRANT SELECT ON files TO aec_worker;
GRANT SELECT, INSERT, UPDATE ON processing_results, outbox TO aec_worker;
-- The query API shows each file's processing status.
GRANT SELECT ON processing_results TO aec_query;
`,
  },
];
