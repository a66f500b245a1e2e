import { errorFields, type Logger } from "./logger";
import type { DbPool } from "./postgres";
import type { OutboundEvent, Publisher } from "./publisher";

export interface RelayOptions {
  /** Unsent entries older than this are swept up (left behind by a crash, or by a message sent to the DLQ). */
  readonly sweepAfterSeconds: number;
  /** At most this many swept entries per call. */
  readonly maxSwept: number;
  /**
   * How long a relay holds the entries it claimed before others may take them: longer than a publish can take
   * (two attempts within the publisher's timeouts), so only a relay that died mid-publish lets its claim lapse.
   */
  readonly claimSeconds: number;
}

export const DEFAULT_RELAY_OPTIONS: RelayOptions = { sweepAfterSeconds: 60, maxSwept: 100, claimSeconds: 60 };

export interface RelayRequest {
  /** Entries this invocation has just committed: known to be unsent, published without a lookup. */
  readonly fresh: readonly OutboundEvent[];
  /** Entries that already existed (a redelivery): looked up, published only if still unsent. */
  readonly recheck: readonly string[];
  /** Also publish old unsent entries of any batch. */
  readonly sweep: boolean;
}

/*
 * Only committed entries are relayed, so nothing is ever published for a row that was rolled back.
 * Entries are marked sent only after the broker confirmed them, so none is lost. Looked-up entries are
 * claimed first: a short lease taken with SKIP LOCKED, so concurrent relays (scheduled sweeps, redeliveries
 * on other containers) divide the backlog instead of each publishing all of it; a failed publish releases
 * its claims at once, a relay that dies lets them lapse. Fresh entries are published without a claim: no
 * sweep looks at entries younger than sweepAfterSeconds. Delivery stays at-least-once (a lapsed claim, a
 * crash between confirm and mark) and consumers drop duplicates by the message id, the stable event id.
 */
const CLAIM_UNSENT = `
WITH candidates AS (
  SELECT event_id
  FROM outbox
  WHERE sent_at IS NULL
    AND (claimed_until IS NULL OR claimed_until < now())
    AND (event_id = ANY($1::uuid[]) OR ($2 AND created_at < now() - make_interval(secs => $3)))
  ORDER BY (event_id = ANY($1::uuid[])) DESC, created_at
  LIMIT $4
  FOR UPDATE SKIP LOCKED
)
UPDATE outbox o
SET claimed_until = now() + make_interval(secs => $5)
FROM candidates c
WHERE o.event_id = c.event_id
RETURNING o.event_id, o.event_type, o.message_key, o.payload, o.occurred_at, o.created_at`;

const STILL_UNSENT = "SELECT event_id FROM outbox WHERE event_id = ANY($1::uuid[]) AND sent_at IS NULL";

const RELEASE = "UPDATE outbox SET claimed_until = NULL WHERE event_id = ANY($1::uuid[]) AND sent_at IS NULL";

const MARK_SENT = "UPDATE outbox SET sent_at = now(), claimed_until = NULL WHERE event_id = ANY($1::uuid[]) AND sent_at IS NULL";

interface UnsentRow {
  event_id: string;
  event_type: string;
  message_key: string;
  payload: unknown;
  occurred_at: Date;
  created_at: Date;
}

/**
 * Publishes the requested unsent entries, then marks them sent. Returns which of the fresh and
 * recheck ids are sent now, whoever sent them; a recheck entry another relay holds a claim on is not
 * (its record is retried and finds it sent). A broker failure is not thrown: the entries stay unsent
 * and the caller reports their records for retry. A database failure is thrown.
 */
export async function relayOutbox(
  db: DbPool,
  publisher: Publisher,
  logger: Logger,
  request: RelayRequest,
  options: RelayOptions = DEFAULT_RELAY_OPTIONS,
): Promise<Set<string>> {
  const events = [...request.fresh];
  const sent = new Set([...request.fresh.map((e) => e.id), ...request.recheck]);
  const claimed: string[] = [];
  let swept = 0;
  if (request.recheck.length > 0 || request.sweep) {
    const limit = request.recheck.length + (request.sweep ? options.maxSwept : 0);
    const { rows } = await db.query<UnsentRow>(CLAIM_UNSENT, [
      request.recheck,
      request.sweep,
      options.sweepAfterSeconds,
      limit,
      options.claimSeconds,
    ]);
    const rechecked = new Set(request.recheck);
    // UPDATE ... RETURNING keeps no order: rechecks first, then oldest first, as the claim chose them.
    rows.sort((a, b) => Number(rechecked.has(b.event_id)) - Number(rechecked.has(a.event_id)) || a.created_at.getTime() - b.created_at.getTime());
    for (const row of rows) {
      claimed.push(row.event_id);
      if (sent.has(row.event_id) && !rechecked.has(row.event_id)) continue;
      if (!rechecked.has(row.event_id)) swept++;
      events.push(toEvent(row));
    }
    const unclaimed = request.recheck.filter((id) => !claimed.includes(id));
    if (unclaimed.length > 0) {
      const held = await db.query<{ event_id: string }>(STILL_UNSENT, [unclaimed]);
      for (const row of held.rows) sent.delete(row.event_id);
    }
  }
  if (events.length === 0) return sent;
  try {
    await publisher.publish(events);
  } catch (err) {
    logger.warn("broker unavailable, outbox entries stay unsent", { ...errorFields(err), unsent: events.length });
    for (const event of events) sent.delete(event.id);
    if (claimed.length > 0) {
      await db.query(RELEASE, [claimed]).catch((release: unknown) => logger.warn("outbox claims not released; they lapse", errorFields(release)));
    }
    return sent;
  }
  await db.query(MARK_SENT, [events.map((e) => e.id)]);
  logger.info("outbox relayed", { published: events.length, ...(swept > 0 ? { swept } : {}) });
  return sent;
}

function toEvent(row: UnsentRow): OutboundEvent {
  return {
    id: row.event_id,
    type: row.event_type,
    key: row.message_key,
    occurredAt: row.occurred_at.toISOString(),
    payload: row.payload,
  };
}

/** True on the first call and then at most once per interval. */
export function everyMs(intervalMs: number, now: () => number = Date.now): () => boolean {
  let last = -Infinity;
  return () => {
    if (now() - last < intervalMs) return false;
    last = now();
    return true;
  };
}
