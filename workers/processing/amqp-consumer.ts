import { connect, type Channel, type ChannelModel, type ConsumeMessage } from "amqplib";
import { errorFields, type Logger } from "../../lambdas/shared/logger";
import { withTimeout } from "../../lambdas/shared/timeout";
import type { Outcome } from "./core";
import type { WorkerMetrics } from "./metrics";

export interface AmqpConsumerOptions {
  readonly host: string;
  readonly port: number;
  readonly vhost: string;
  readonly tls: boolean;
  readonly username: string;
  readonly password: string;
  readonly queue: string;
  readonly prefetch: number;
  readonly concurrency: number;
  /** Handles one message; `signal` aborts at shutdown, after which the handler should return soon. */
  readonly handle: (body: Buffer, signal: AbortSignal) => Promise<Outcome>;
  readonly logger: Logger;
  readonly metrics: WorkerMetrics;
  /** @default 500 ms, doubling up to 10 s */
  readonly reconnectDelayMs?: { readonly min: number; readonly max: number };
  readonly connectTimeoutMs?: number;
}

interface Session {
  readonly connection: ChannelModel;
  readonly channel: Channel;
  consumerTag?: string;
}

/**
 * Consumes the processing queue with manual acknowledgements: the broker hands over at most `prefetch` messages,
 * `concurrency` of them are processed at once and the rest wait here, in order. A lost connection is re-opened
 * with backoff; messages that were in flight on it are redelivered by the broker, and processing them again
 * writes nothing twice (the core is idempotent), so their late acknowledgements are simply dropped.
 */
export class AmqpConsumer {
  private session: Session | undefined;
  private readonly waiting: { message: ConsumeMessage; session: Session }[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private draining = false;
  private notReady = "not connected yet";
  private retryTimer: NodeJS.Timeout | undefined;
  private delay: number;

  constructor(private readonly options: AmqpConsumerOptions) {
    this.delay = options.reconnectDelayMs?.min ?? 500;
  }

  start(): void {
    void this.open();
  }

  /** Ready while consuming; otherwise why not, for /readyz. */
  readiness(): { ready: boolean; reason?: string } {
    return this.session?.consumerTag && !this.draining ? { ready: true } : { ready: false, reason: this.draining ? "draining" : this.notReady };
  }

  inFlight(): number {
    return this.running.size;
  }

  /**
   * Stops taking messages, hands the waiting ones back, lets the running ones finish for up to `graceMs`, then
   * aborts them (they hand their messages back) and closes the connection.
   */
  async drain(graceMs: number): Promise<{ finished: boolean }> {
    this.draining = true;
    clearTimeout(this.retryTimer);
    const session = this.session;
    if (session?.consumerTag) await withTimeout("amqp cancel", 2000, session.channel.cancel(session.consumerTag)).catch(() => undefined);
    for (const { message, session: from } of this.waiting.splice(0)) this.settle(from, message, "requeue");
    const all = Promise.all([...this.running]);
    const finished = await withTimeout("drain", graceMs, all).then(() => true, () => false);
    if (!finished) {
      this.abort.abort();
      // Aborted handlers stop at their next step; one still inside a statement gets a moment before the channel
      // closes, and its message returns to the queue with the channel either way.
      await withTimeout("drain after abort", 2000, all).catch(() => undefined);
    }
    if (session) await closeQuietly(session.connection);
    this.session = undefined;
    return { finished };
  }

  private async open(): Promise<void> {
    if (this.draining) return;
    const o = this.options;
    let connection: ChannelModel | undefined;
    try {
      connection = await connect(
        { protocol: o.tls ? "amqps" : "amqp", hostname: o.host, port: o.port, vhost: o.vhost, username: o.username, password: o.password, heartbeat: 15 },
        { timeout: o.connectTimeoutMs ?? 5000, noDelay: true, ...(o.tls ? { servername: o.host } : {}) },
      );
      connection.on("error", (err: Error) => o.logger.warn("amqp connection error", errorFields(err)));
      const channel = await connection.createChannel();
      channel.on("error", (err: Error) => o.logger.warn("amqp channel error", errorFields(err)));
      const session: Session = { connection, channel };
      connection.on("close", () => this.lost(session));
      try {
        // The broker setup declares the queue; a worker that declared it too would fight it over arguments.
        await channel.checkQueue(o.queue);
      } catch (err) {
        this.notReady = `queue "${o.queue}" does not exist on vhost "${o.vhost}": the broker setup declares it (fileEventsTopology); run it, or fix AMQP_QUEUE`;
        throw err;
      }
      await channel.prefetch(o.prefetch);
      this.session = session;
      const { consumerTag } = await channel.consume(o.queue, (m) => m && this.received(session, m), { noAck: false });
      session.consumerTag = consumerTag;
      this.delay = o.reconnectDelayMs?.min ?? 500;
      o.logger.info("consuming", { queue: o.queue, prefetch: o.prefetch, concurrency: o.concurrency });
    } catch (err) {
      if (!this.notReady.startsWith("queue")) this.notReady = `broker unavailable: ${(err as Error).message}`;
      o.logger.error("amqp consumer could not start, retrying", { ...errorFields(err), reason: this.notReady });
      if (connection) await closeQuietly(connection);
      this.retryLater();
    }
  }

  private lost(session: Session): void {
    if (this.session !== session) return;
    this.session = undefined;
    if (this.draining) return;
    this.notReady = "connection to the broker lost";
    this.options.logger.warn("amqp connection lost, reconnecting");
    // Messages waiting here were delivered on the lost channel: the broker redelivers them.
    for (let i = this.waiting.length - 1; i >= 0; i--) if (this.waiting[i]!.session === session) this.waiting.splice(i, 1);
    this.retryLater();
  }

  private retryLater(): void {
    if (this.draining) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.notReady = this.notReady.startsWith("queue") ? this.notReady : "reconnecting";
      void this.open();
    }, this.delay);
    this.delay = Math.min(this.delay * 2, this.options.reconnectDelayMs?.max ?? 10_000);
  }

  private received(session: Session, message: ConsumeMessage): void {
    if (this.draining) {
      this.settle(session, message, "requeue");
      return;
    }
    this.waiting.push({ message, session });
    this.pump();
  }

  private pump(): void {
    while (this.running.size < this.options.concurrency && this.waiting.length > 0) {
      const { message, session } = this.waiting.shift()!;
      const task = this.run(session, message).finally(() => {
        this.running.delete(task);
        if (!this.draining) this.pump();
      });
      this.running.add(task);
    }
  }

  private async run(session: Session, message: ConsumeMessage): Promise<void> {
    const started = process.hrtime.bigint();
    this.options.metrics.started();
    let outcome: Outcome;
    try {
      outcome = await this.options.handle(message.content, this.abort.signal);
    } catch (err) {
      outcome = { action: "retry", reason: (err as Error).message, transient: false };
    }
    this.options.metrics.finished(outcome, Number(process.hrtime.bigint() - started) / 1e9);
    this.settle(session, message, outcome.action === "ack" ? "ack" : outcome.action === "reject" ? "reject" : "requeue");
  }

  private settle(session: Session, message: ConsumeMessage, how: "ack" | "reject" | "requeue"): void {
    // A delivery tag only means something on its own channel; on a closed one the broker has already requeued it.
    if (this.session !== session && !this.draining) return;
    try {
      if (how === "ack") session.channel.ack(message);
      else session.channel.nack(message, false, how === "requeue");
    } catch (err) {
      this.options.logger.warn("could not settle message; the broker redelivers it", errorFields(err));
    }
  }
}

async function closeQuietly(connection: ChannelModel): Promise<void> {
  try {
    await withTimeout("amqp close", 1000, connection.close());
  } catch {
    (connection as unknown as { connection?: { stream?: { destroy(err?: Error): void } } }).connection?.stream?.destroy(new Error("closed"));
  }
}
