import { errorFields, type Logger } from "../shared/logger";
import type { DbPool } from "../shared/postgres";
import type { OutboundEvent, Publisher } from "../shared/publisher";

export interface RelayOptions {
  /** Unsent entries older than this are swept up (left behind by a crash, or by a message sent to the DLQ). */
  readonly sweepAfterSeconds: number;
  /** At most this many swept entries per call. */
  readonly maxSwept: number;
}

export const DEFAULT_RELAY_OPTIONS: RelayOptions = { sweepAfterSeconds: 60, maxSwept: 100 };

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
 * Entries are marked sent only after the broker confirmed them, so none is lost. No row locks are
 * held across the publish: two containers handling the same entry at the same moment (a concurrent
 * redelivery, a sweep racing a retry) may both publish it. Delivery is at-least-once and consumers
 * drop duplicates by the message id, which is the stable event id.
 */
const SELECT_UNSENT = `
SELECT event_id, event_type, message_key, payload, occurred_at
FROM outbox
WHERE sent_at IS NULL
  AND (event_id = ANY($1::uuid[]) OR ($2 AND created_at < now() - make_interval(secs => $3)))
ORDER BY (event_id = ANY($1::uuid[])) DESC, created_at
LIMIT $4`;

const MARK_SENT = "UPDATE outbox SET sent_at = now() WHERE event_id = ANY($1::uuid[]) AND sent_at IS NULL";

interface UnsentRow {
  event_id: string;
  event_type: string;
  message_key: string;
  payload: unknown;
  occurred_at: Date;
}

/**
 * Publishes the requested unsent entries, then marks them sent. Returns which of the fresh and
 * recheck ids are sent now, whoever sent them. A broker failure is not thrown: the entries stay
 * unsent and the caller reports their records for retry. A database failure is thrown.
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
  let swept = 0;
  if (request.recheck.length > 0 || request.sweep) {
    const limit = request.recheck.length + (request.sweep ? options.maxSwept : 0);
    const { rows } = await db.query<UnsentRow>(SELECT_UNSENT, [request.recheck, request.sweep, options.sweepAfterSeconds, limit]);
    const rechecked = new Set(request.recheck);
    for (const row of rows) {
      if (sent.has(row.event_id) && !rechecked.has(row.event_id)) continue;
      if (!rechecked.has(row.event_id)) swept++;
      events.push(toEvent(row));
    }
  }
  if (events.length === 0) return sent;
  try {
    await publisher.publish(events);
  } catch (err) {
    logger.warn("broker unavailable, outbox entries stay unsent", { ...errorFields(err), unsent: events.length });
    for (const event of events) sent.delete(event.id);
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
