import { stableUuid } from "../shared/ids";
import { errorFields, type Logger } from "../shared/logger";
import type { ObjectStore } from "../shared/object-store";
import { isDatabaseUnavailable, type DbPool } from "../shared/postgres";
import type { OutboundEvent, Publisher } from "../shared/publisher";
import { recordUploads, type Upload } from "./file-store";
import { rejectionReason } from "./file-rules";
import { parseNotificationBody, type S3EventRecord } from "./notification";
import { DEFAULT_RELAY_OPTIONS, relayOutbox, type RelayOptions, type RelayRequest } from "../shared/outbox";
import { decodeEventKey, parseUploadKey } from "./upload-key";

export const FILE_UPLOADED = "file.uploaded";

export interface IngestionSettings {
  readonly bucket: string;
  readonly uploadsPrefix: string;
  readonly maxFileBytes: number;
  /** Messages whose objects are inspected (S3 HEAD) at the same time. */
  readonly concurrency: number;
  readonly relay?: RelayOptions;
}

/** Invalidates a project's cached query results; failures are tolerated (cache entries expire). */
export interface CacheInvalidator {
  invalidateProject(projectId: string): Promise<unknown>;
}

export interface IngestionDeps {
  readonly db: DbPool;
  readonly objects: Pick<ObjectStore, "head">;
  readonly publisher: Publisher;
  readonly cache: CacheInvalidator;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly settings: IngestionSettings;
  /** Whether this invocation should also sweep old unsent outbox entries; every invocation if unset. */
  readonly sweepDue?: () => boolean;
}

export interface QueueMessage {
  readonly messageId: string;
  readonly body: string;
}

/** What one message amounts to once parsed and its objects inspected: uploads to record, or a retry. */
type MessagePlan = { readonly failed: true } | { readonly failed: false; readonly uploads: readonly Upload[] };

/**
 * Processes one SQS batch and returns the ids of the messages to retry. A message is retried only for
 * transient failures (S3, database, broker); a message that can never succeed (malformed, hostile,
 * a rejected file) is logged and acknowledged.
 *
 * Work is batched: objects are inspected concurrently, all uploads are recorded in one statement,
 * and one relay publishes every new event; only a failing statement is retried row by row.
 */
export async function ingestMessages(deps: IngestionDeps, messages: readonly QueueMessage[]): Promise<string[]> {
  const plans = await mapWithConcurrency(messages, deps.settings.concurrency, (m) => planMessage(deps, m));
  const failed = new Set(plans.flatMap((plan, i) => (plan.failed ? [i] : [])));
  const uploads = plans.flatMap((plan, i) => (plan.failed ? [] : plan.uploads.map((upload) => ({ upload, message: i }))));

  const inserted = await recordAll(deps, uploads, failed);
  const recorded = uploads.filter((u) => !failed.has(u.message));
  const seen = new Set<string>();
  for (const { upload } of recorded) {
    const duplicate = !inserted.has(upload.file.id) || seen.has(upload.file.id);
    seen.add(upload.file.id);
    const fields = { fileId: upload.file.id, projectId: upload.file.projectId, duplicate };
    if (upload.file.rejectReason) deps.logger.warn("file rejected", { ...fields, reason: upload.file.rejectReason });
    else deps.logger.info("file recorded", fields);
  }

  // The same upload may appear twice in one batch; it is relayed once.
  const withEvents = [...new Map(recorded.filter(({ upload }) => upload.event).map((r) => [r.upload.event!.eventId, r])).values()];
  const request: RelayRequest = {
    fresh: withEvents.filter(({ upload }) => inserted.has(upload.file.id)).map(({ upload }) => toOutboundEvent(upload)),
    recheck: withEvents.filter(({ upload }) => !inserted.has(upload.file.id)).map(({ upload }) => upload.event!.eventId),
    sweep: deps.sweepDue?.() ?? true,
  };
  const changedProjects = new Set(recorded.filter(({ upload }) => inserted.has(upload.file.id)).map(({ upload }) => upload.file.projectId));
  const [sent] = await Promise.all([relay(deps, request), invalidate(deps, [...changedProjects])]);
  for (const { upload, message } of recorded) {
    if (upload.event && !sent.has(upload.event.eventId)) failed.add(message);
  }
  return messages.filter((_, i) => failed.has(i)).map((m) => m.messageId);
}

async function planMessage(deps: IngestionDeps, message: QueueMessage): Promise<MessagePlan> {
  const logger = deps.logger.child({ messageId: message.messageId });
  const parsed = parseNotificationBody(message.body);
  if (parsed.kind === "test-event") {
    logger.info("ignored S3 test event");
    return { failed: false, uploads: [] };
  }
  if (parsed.kind === "invalid") {
    logger.warn("ignored message", { reason: parsed.reason });
    return { failed: false, uploads: [] };
  }
  const uploads: Upload[] = [];
  for (const candidate of parsed.records) {
    if (!candidate.ok) {
      logger.warn("ignored record", { reason: candidate.reason });
      continue;
    }
    try {
      const upload = await planRecord(deps, logger, candidate.record);
      if (upload) uploads.push(upload);
    } catch (err) {
      logger.error("record failed, message will be retried", errorFields(err));
      return { failed: true };
    }
  }
  return { failed: false, uploads };
}

/** The rows one S3 record leads to, or null when the record is to be ignored (with a logged reason). */
async function planRecord(deps: IngestionDeps, logger: Logger, record: S3EventRecord): Promise<Upload | null> {
  const { bucket, uploadsPrefix, maxFileBytes } = deps.settings;
  const ignore = (reason: string, fields: Record<string, unknown> = {}): null => {
    logger.warn("ignored record", { reason, ...fields });
    return null;
  };
  if (!record.eventName.startsWith("ObjectCreated:")) return ignore(`event ${record.eventName} is not an upload`);
  if (record.s3.bucket.name !== bucket) return ignore("event is for another bucket", { bucket: record.s3.bucket.name.slice(0, 64) });
  const decoded = decodeEventKey(record.s3.object.key);
  if (!decoded.ok) return ignore(decoded.reason);
  const key = parseUploadKey(decoded.key, uploadsPrefix);
  if (!key.ok) return ignore(key.reason, { key: decoded.key.slice(0, 256) });

  const versionId = record.s3.object.versionId;
  const head = await deps.objects.head(bucket, key.key, versionId);
  if (!head) return ignore("object no longer exists", { key: key.key });
  const etag = head.etag ?? record.s3.object.eTag ?? null;
  // Versioned buckets name each upload; in an unversioned one an overwrite shows as a new ETag, and the
  // event's own ETag names the upload it reports even if the object was overwritten since.
  const revision = versionId ?? head.versionId ?? `etag:${record.s3.object.eTag ?? etag ?? "none"}`;
  const reason = rejectionReason(key.extension, head, maxFileBytes);

  const file = {
    id: stableUuid("file", bucket, key.key, revision),
    projectId: key.projectId,
    bucket,
    objectKey: key.key,
    revision,
    versionId: versionId ?? head.versionId ?? null,
    fileName: key.fileName,
    extension: key.extension,
    sizeBytes: head.sizeBytes,
    contentType: head.contentType ?? null,
    etag,
    status: reason ? ("rejected" as const) : ("accepted" as const),
    rejectReason: reason,
    uploadedAt: validTime(record.eventTime) ?? deps.now().toISOString(),
  };
  if (reason) return { file, event: null };
  return {
    file,
    event: {
      eventId: stableUuid(FILE_UPLOADED, bucket, key.key, revision),
      eventType: FILE_UPLOADED,
      messageKey: file.projectId,
      payload: {
        fileId: file.id,
        projectId: file.projectId,
        bucket,
        key: file.objectKey,
        versionId: file.versionId,
        fileName: file.fileName,
        extension: file.extension,
        sizeBytes: file.sizeBytes,
        contentType: file.contentType,
        etag: file.etag,
        uploadedAt: file.uploadedAt,
      },
    },
  };
}

/**
 * Records all uploads in one statement. If that fails for a reason other than an unreachable database,
 * the uploads are recorded one message at a time so that one bad row cannot hold back the others.
 * Messages whose rows could not be written are added to `failed`.
 */
async function recordAll(deps: IngestionDeps, uploads: readonly { upload: Upload; message: number }[], failed: Set<number>): Promise<Set<string>> {
  if (uploads.length === 0) return new Set();
  try {
    return await recordUploads(deps.db, uploads.map((u) => u.upload));
  } catch (err) {
    if (isDatabaseUnavailable(err)) {
      deps.logger.error("database unavailable, batch will be retried", errorFields(err));
      for (const { message } of uploads) failed.add(message);
      return new Set();
    }
    deps.logger.warn("batch insert failed, recording message by message", errorFields(err));
  }
  const inserted = new Set<string>();
  const byMessage = new Map<number, Upload[]>();
  for (const { upload, message } of uploads) byMessage.set(message, [...(byMessage.get(message) ?? []), upload]);
  for (const [message, group] of byMessage) {
    try {
      for (const id of await recordUploads(deps.db, group)) inserted.add(id);
    } catch (err) {
      deps.logger.error("record failed, message will be retried", { ...errorFields(err), message });
      failed.add(message);
    }
  }
  return inserted;
}

function toOutboundEvent(upload: Upload): OutboundEvent {
  const event = upload.event!;
  return { id: event.eventId, type: event.eventType, key: event.messageKey, occurredAt: upload.file.uploadedAt, payload: event.payload };
}

async function relay(deps: IngestionDeps, request: RelayRequest): Promise<Set<string>> {
  try {
    return await relayOutbox(deps.db, deps.publisher, deps.logger, request, deps.settings.relay ?? DEFAULT_RELAY_OPTIONS);
  } catch (err) {
    deps.logger.error("outbox relay failed", errorFields(err));
    return new Set();
  }
}

async function invalidate(deps: IngestionDeps, projectIds: readonly string[]): Promise<void> {
  await Promise.all(
    projectIds.map(async (projectId) => {
      try {
        await deps.cache.invalidateProject(projectId);
      } catch (err) {
        deps.logger.warn("cache invalidation failed; cached pages expire on their own", { projectId, ...errorFields(err) });
      }
    }),
  );
}

function validTime(value: string | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
