// The file events' topology on RabbitMQ, declared by the kit (the deploy-time broker setup and the tests), never by
// hand and never by the publishers or consumers themselves: they only check that what they use exists. Pure data:
// the handlers, the worker and the constructs read the same names.

/** A queue the kit declares: always a durable quorum queue with a delivery limit and a dead-letter queue. */
export interface QueueDeclaration {
  readonly name: string;
  /** Routing keys (topic patterns) bound from the events exchange. */
  readonly bindingKeys: readonly string[];
  /**
   * Returns (requeued rejects, or a consumer lost with the message unacked) a message survives: the next one
   * dead-letters it, so a poison message is delivered deliveryLimit + 1 times (quorum queues' `x-delivery-limit`,
   * measured on RabbitMQ 3.10).
   */
  readonly deliveryLimit: number;
  /** Where messages go after `deliveryLimit` deliveries or a reject without requeue. */
  readonly deadLetterQueue: string;
}

export interface BrokerTopology {
  /** Durable topic exchange the publishers write to; routing key = event type. */
  readonly exchange: string;
  /** Fanout exchange set as the events exchange's `alternate-exchange`: unroutable events land here, not nowhere. */
  readonly unroutedExchange: string;
  /** Quorum queue that keeps unroutable events until someone looks. */
  readonly unroutedQueue: string;
  /** Direct exchange every queue dead-letters to, routed by the dead-letter queue's name. */
  readonly deadLetterExchange: string;
  readonly queues: readonly QueueDeclaration[];
  /** The queue (one of `queues`) the processing worker consumes; its broker user may read this one only. */
  readonly processingQueue: string;
}

/** Event types, shared by the publishers and the consumers. */
export const EVENT_TYPES = { fileUploaded: "file.uploaded", fileProcessed: "file.processed" } as const;

export interface TopologyOptions {
  /** @default "files" (AMQP_EXCHANGE's default) */
  readonly exchange?: string;
  /** @default 5 */
  readonly processingDeliveryLimit?: number;
}

/** The platform's topology: ingestion's events bound to the processing worker's queue. */
export function fileEventsTopology(options: TopologyOptions = {}): BrokerTopology {
  const exchange = options.exchange ?? "files";
  const processing = `${exchange}.processing`;
  return {
    exchange,
    unroutedExchange: `${exchange}.unrouted`,
    unroutedQueue: `${exchange}.unrouted`,
    deadLetterExchange: `${exchange}.dead-letter`,
    queues: [
      {
        name: processing,
        bindingKeys: [EVENT_TYPES.fileUploaded],
        deliveryLimit: options.processingDeliveryLimit ?? 5,
        deadLetterQueue: `${processing}.dead`,
      },
    ],
    processingQueue: processing,
  };
}

/** The arguments a queue is declared with; declaring it again with other arguments fails (PRECONDITION_FAILED). */
export function queueArguments(topology: BrokerTopology, queue: QueueDeclaration): Record<string, unknown> {
  return {
    "x-queue-type": "quorum",
    "x-delivery-limit": queue.deliveryLimit,
    "x-dead-letter-exchange": topology.deadLetterExchange,
    "x-dead-letter-routing-key": queue.deadLetterQueue,
    // at-least-once dead-lettering needs reject-publish overflow; without it a dead letter can be lost.
    "x-dead-letter-strategy": "at-least-once",
    "x-overflow": "reject-publish",
  };
}

/** The minimal channel surface the declaration needs (amqplib's Channel satisfies it). */
export interface TopologyChannel {
  assertExchange(name: string, type: string, options: { durable: boolean; arguments?: Record<string, unknown> }): Promise<unknown>;
  assertQueue(name: string, options: { durable: boolean; arguments?: Record<string, unknown> }): Promise<unknown>;
  bindQueue(queue: string, exchange: string, pattern: string): Promise<unknown>;
}

/** Declares the whole topology; idempotent, so every deploy (and every test) may run it. */
export async function declareTopology(channel: TopologyChannel, topology: BrokerTopology): Promise<void> {
  await channel.assertExchange(topology.unroutedExchange, "fanout", { durable: true });
  await channel.assertQueue(topology.unroutedQueue, { durable: true, arguments: { "x-queue-type": "quorum" } });
  await channel.bindQueue(topology.unroutedQueue, topology.unroutedExchange, "");
  await channel.assertExchange(topology.deadLetterExchange, "direct", { durable: true });
  await channel.assertExchange(topology.exchange, "topic", {
    durable: true,
    arguments: { "alternate-exchange": topology.unroutedExchange },
  });
  for (const queue of topology.queues) {
    await channel.assertQueue(queue.deadLetterQueue, { durable: true, arguments: { "x-queue-type": "quorum" } });
    await channel.bindQueue(queue.deadLetterQueue, topology.deadLetterExchange, queue.deadLetterQueue);
    await channel.assertQueue(queue.name, { durable: true, arguments: queueArguments(topology, queue) });
    for (const key of queue.bindingKeys) await channel.bindQueue(queue.name, topology.exchange, key);
  }
}
