import { createHash } from "node:crypto";
import * as z from "zod/mini";
import { EVENT_TYPES } from "../../lambdas/shared/broker-topology";
import { stableUuid, UUID_PATTERN } from "../../lambdas/shared/ids";
import { errorFields, type Logger } from "../../lambdas/shared/logger";
import type { ObjectReader } from "../../lambdas/shared/object-store";
import { DEFAULT_RELAY_OPTIONS, relayOutbox, type RelayOptions } from "../../lambdas/shared/outbox";
import { isDatabaseUnavailable, type DbPool } from "../../lambdas/shared/postgres";
import type { Publisher } from "../../lambdas/shared/publisher";
import { extractorFor, type Extraction } from "./extract";
import { loadFile, recordResult, type FileToProcess, type ResultRow } from "./results-store";

export interface ProcessingDeps {
  readonly db: DbPool;
  readonly objects: Pick<ObjectReader, "get">;
  readonly publisher: Publisher;
  readonly cache: { invalidateProject(projectId: string): Promise<unknown>; invalidateFile(fileId: string): Promise<unknown> };
  readonly logger: Logger;
  /** Whether this message should also sweep old unsent outbox entries. @default every message */
  readonly sweepDue?: () => boolean;
  readonly relay?: RelayOptions;
  /** Pause before reading an object again after a checksum mismatch (a read that raced with a write). */
  readonly recheckDelayMs?: number;
}

/**
 * What to tell the broker: `ack` (done, or nothing to do), `reject` (poison: never requeue; the queue dead-letters
 * it), `retry` (not done: `transient` means a dependency is down and the same message will succeed later).
 */
export type Outcome =
  | { readonly action: "ack"; readonly result: "processed" | "failed" | "duplicate" | "ignored"; readonly kind?: Extraction["kind"] }
  | { readonly action: "reject"; readonly reason: string }
  | { readonly action: "retry"; readonly reason: string; readonly transient: boolean };

const EventSchema = z.object({
  id: z.string().check(z.regex(UUID_PATTERN)),
  type: z.string(),
  data: z.object({ fileId: z.string().check(z.regex(UUID_PATTERN)), projectId: z.string() }),
});

class TransientError extends Error {}

/** Handles one delivered event; never throws. */
export async function processMessage(deps: ProcessingDeps, body: Buffer): Promise<Outcome> {
  let event: z.infer<typeof EventSchema>;
  try {
    const parsed = EventSchema.safeParse(JSON.parse(body.toString("utf8")));
    if (!parsed.success) return reject(deps, "event does not have the file.uploaded shape");
    event = parsed.data;
  } catch {
    return reject(deps, "event is not JSON");
  }
  const logger = deps.logger.child({ eventId: event.id, fileId: event.data.fileId });
  if (event.type !== EVENT_TYPES.fileUploaded) {
    logger.warn("ignored event of another type", { type: event.type.slice(0, 64) });
    return { action: "ack", result: "ignored" };
  }
  try {
    return await processFile({ ...deps, logger }, event.id, event.data.fileId);
  } catch (err) {
    const transient = err instanceof TransientError || isDatabaseUnavailable(err);
    logger.error(transient ? "dependency unavailable, file will be retried" : "processing failed unexpectedly", errorFields(err));
    return { action: "retry", reason: (err as Error).message, transient };
  }
}

async function processFile(deps: ProcessingDeps, sourceEventId: string, fileId: string): Promise<Outcome> {
  const file = await loadFile(deps.db, fileId);
  if (!file) return reject(deps, "no file row for this event");
  if (file.status === "rejected") {
    deps.logger.warn("ignored event for a file ingestion rejected");
    return { action: "ack", result: "ignored" };
  }
  if (file.resultStatus === "processed") {
    // A redelivery: the row exists; make sure its event went out and the cache saw it, then acknowledge.
    await publishAndInvalidate(deps, file, processedEventId(file.id, "processed"), null);
    deps.logger.info("file already processed", { duplicate: true });
    return { action: "ack", result: "duplicate" };
  }

  let read = await readAndExtract(deps, file);
  if (read.problem?.healable) {
    await new Promise((resolve) => setTimeout(resolve, deps.recheckDelayMs ?? 200));
    read = await readAndExtract(deps, file);
  }
  const row: ResultRow = read.problem
    ? resultRow(file, sourceEventId, { status: "failed", error: read.problem.reason, kind: read.extraction?.kind ?? kindOf(file) })
    : resultRow(file, sourceEventId, { status: "processed", extraction: read.extraction!, sha256: read.sha256! });
  const queuedAt = await recordResult(deps.db, row);
  const sent = await publishAndInvalidate(deps, file, row.event.id, queuedAt === null ? null : { ...row.event, occurredAt: queuedAt });

  if (read.problem) {
    deps.logger.warn("file failed, event dead-lettered", { reason: read.problem.reason, failureEventSent: sent });
    return { action: "reject", reason: read.problem.reason };
  }
  if (!sent) throw new TransientError("broker unavailable: the file.processed event stays in the outbox");
  deps.logger.info("file processed", { kind: row.outcome.status === "processed" ? row.outcome.extraction.kind : undefined, duplicate: queuedAt === null });
  return { action: "ack", result: "processed", kind: read.extraction!.kind };
}

interface Read {
  readonly extraction?: Extraction;
  readonly sha256?: string;
  /** Why the object cannot be processed; `healable` when reading it again might help. */
  readonly problem?: { readonly reason: string; readonly healable: boolean };
}

/** Streams the object once: size and checksums over every byte, the extractor over as many as it wants. */
async function readAndExtract(deps: ProcessingDeps, file: FileToProcess): Promise<Read> {
  let object;
  try {
    object = await deps.objects.get(file.bucket, file.objectKey, file.versionId ?? undefined);
  } catch (err) {
    throw new TransientError(`s3 read failed: ${(err as Error).message}`);
  }
  if (!object) return { problem: { reason: "object no longer exists", healable: false } };
  const md5 = createHash("md5");
  const sha256 = createHash("sha256");
  const extractor = extractorFor(file.extension);
  let size = 0;
  let wanted = true;
  try {
    for await (const part of object.body) {
      const chunk = Buffer.isBuffer(part) ? part : Buffer.from(part.buffer, part.byteOffset, part.byteLength);
      size += chunk.length;
      if (size > file.sizeBytes) break;
      md5.update(chunk);
      sha256.update(chunk);
      if (wanted) wanted = extractor.push(chunk);
    }
  } catch (err) {
    throw new TransientError(`s3 read failed mid-stream: ${(err as Error).message}`);
  }
  if (size !== file.sizeBytes) {
    return { problem: { reason: `size mismatch: recorded ${file.sizeBytes} bytes, object has ${size > file.sizeBytes ? "more" : size}`, healable: true } };
  }
  // A single-part upload's ETag is the MD5 of its bytes; a multipart one's is not, and then the size and the
  // ETag S3 reports for the version read must match what ingestion recorded.
  const digest = md5.digest("hex");
  if (file.etag && /^[0-9a-f]{32}$/.test(file.etag) ? digest !== file.etag : file.etag !== null && object.etag !== file.etag) {
    return { problem: { reason: `checksum mismatch: recorded ETag ${file.etag}, content MD5 ${digest}`, healable: true } };
  }
  const extraction = extractor.finish();
  return {
    extraction: { ...extraction, metadata: { ...extraction.metadata, integrity: file.etag && /^[0-9a-f]{32}$/.test(file.etag) ? "md5" : "size-and-etag" } },
    sha256: sha256.digest("hex"),
  };
}

function resultRow(file: FileToProcess, sourceEventId: string, outcome: ResultRow["outcome"]): ResultRow {
  const id = processedEventId(file.id, outcome.status);
  return {
    fileId: file.id,
    projectId: file.projectId,
    outcome,
    sourceEventId,
    event: {
      id,
      type: EVENT_TYPES.fileProcessed,
      payload: {
        fileId: file.id,
        projectId: file.projectId,
        status: outcome.status,
        ...(outcome.status === "processed"
          ? { kind: outcome.extraction.kind, metadata: outcome.extraction.metadata, sha256: outcome.sha256 }
          : { kind: outcome.kind, error: outcome.error }),
      },
    },
  };
}

export function processedEventId(fileId: string, status: "processed" | "failed"): string {
  return stableUuid(EVENT_TYPES.fileProcessed, fileId, status);
}

/** Relays the event (the one just queued, or an earlier one still unsent) and invalidates the project's cache. */
async function publishAndInvalidate(
  deps: ProcessingDeps,
  file: FileToProcess,
  eventId: string,
  fresh: { id: string; type: string; payload: unknown; occurredAt: Date } | null,
): Promise<boolean> {
  const sent = await relayOutbox(
    deps.db,
    deps.publisher,
    deps.logger,
    {
      fresh: fresh ? [{ id: fresh.id, type: fresh.type, key: file.projectId, occurredAt: fresh.occurredAt.toISOString(), payload: fresh.payload }] : [],
      recheck: fresh ? [] : [eventId],
      sweep: deps.sweepDue?.() ?? true,
    },
    deps.relay ?? DEFAULT_RELAY_OPTIONS,
  );
  await Promise.all([deps.cache.invalidateProject(file.projectId), deps.cache.invalidateFile(file.id)]).catch((err: unknown) =>
    deps.logger.warn("cache invalidation failed; cached pages expire on their own", errorFields(err)),
  );
  return sent.has(eventId);
}

function kindOf(file: FileToProcess): Extraction["kind"] {
  return file.extension === "ifc" || file.extension === "pdf" ? file.extension : "unknown";
}

function reject(deps: ProcessingDeps, reason: string): Outcome {
  deps.logger.warn("poison message, dead-lettered", { reason });
  return { action: "reject", reason };
}

export interface RetryOptions {
  /** Aborted at shutdown: a message still failing is then handed back (retry). */
  readonly signal: AbortSignal;
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

/**
 * Retries transient failures in place, with backoff, instead of requeueing: a requeue counts as a delivery, and a
 * long PostgreSQL or S3 outage must not push healthy files into the dead-letter queue. Unexpected failures are
 * handed back at once, so the queue's delivery limit ends a message that always fails.
 */
export async function processWithRetries(deps: ProcessingDeps, body: Buffer, options: RetryOptions): Promise<Outcome> {
  let delay = options.initialDelayMs ?? 250;
  for (;;) {
    const outcome = await processMessage(deps, body);
    if (outcome.action !== "retry" || !outcome.transient || options.signal.aborted) return outcome;
    await sleep(delay, options.signal);
    if (options.signal.aborted) return outcome;
    delay = Math.min(delay * 2, options.maxDelayMs ?? 5000);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
