import { messageOf } from "./errors";

/** An event leaving the platform. The id is stable, so consumers can drop the duplicates that
 * at-least-once delivery allows. */
export interface OutboundEvent {
  readonly id: string;
  readonly type: string;
  /** Ordering key: the Kafka message key; a header on RabbitMQ. */
  readonly key: string;
  readonly occurredAt: string;
  readonly payload: unknown;
}

/** Broker-neutral publishing: resolves only once the broker has taken responsibility for every event. */
export interface Publisher {
  publish(events: readonly OutboundEvent[]): Promise<void>;
  close(): Promise<void>;
}

export class BrokerUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`broker unavailable: ${messageOf(cause)}`, { cause });
    this.name = "BrokerUnavailableError";
  }
}

/** The JSON body every broker carries, so consumers parse one shape whichever broker is deployed. */
export function encodeEventBody(event: OutboundEvent): Buffer {
  return Buffer.from(
    JSON.stringify({ id: event.id, type: event.type, occurredAt: event.occurredAt, data: event.payload }),
    "utf8",
  );
}
