import { connect, type ChannelModel, type ConfirmChannel } from "amqplib";
import { errorFields, type Logger } from "./logger";
import { BrokerUnavailableError, encodeEventBody, type OutboundEvent, type Publisher } from "./publisher";
import type { UsernamePassword } from "./secrets";
import { withTimeout } from "./timeout";

export interface RabbitMqPublisherOptions {
  readonly host: string;
  readonly port: number;
  readonly vhost: string;
  readonly tls: boolean;
  readonly exchange: string;
  /** Read on every (re)connection, so a rotated broker password is picked up. */
  readonly credentials: () => Promise<UsernamePassword>;
  readonly logger: Logger;
  readonly connectTimeoutMs?: number;
  readonly confirmTimeoutMs?: number;
  readonly appId?: string;
}

interface Session {
  readonly connection: ChannelModel;
  readonly channel: ConfirmChannel;
}

/**
 * Publishes to a durable topic exchange with persistent messages on a confirm channel: publish()
 * resolves only after the broker confirmed every message. The routing key is the event type.
 */
export class RabbitMqPublisher implements Publisher {
  private session: Promise<Session> | undefined;
  /** The opened session the promise above resolved to, so a close event can tell whether it is current. */
  private live: Session | undefined;
  private readonly connectTimeoutMs: number;
  private readonly confirmTimeoutMs: number;

  constructor(private readonly options: RabbitMqPublisherOptions) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 3000;
    this.confirmTimeoutMs = options.confirmTimeoutMs ?? 5000;
  }

  async publish(events: readonly OutboundEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      await this.publishOnce(events);
    } catch (first) {
      // A connection that died while the container was frozen is only noticed on first use;
      // one retry on a fresh connection covers that without hiding a real outage.
      this.options.logger.warn("amqp publish failed, retrying on a new connection", errorFields(first));
      await this.discardSession();
      try {
        await this.publishOnce(events);
      } catch (second) {
        await this.discardSession();
        throw new BrokerUnavailableError(second);
      }
    }
  }

  async close(): Promise<void> {
    await this.discardSession();
  }

  private async publishOnce(events: readonly OutboundEvent[]): Promise<void> {
    const { channel } = await this.currentSession();
    const timestamp = Math.floor(Date.now() / 1000);
    for (const event of events) {
      channel.publish(this.options.exchange, event.type, encodeEventBody(event), {
        persistent: true,
        contentType: "application/json",
        contentEncoding: "utf-8",
        messageId: event.id,
        type: event.type,
        timestamp,
        appId: this.options.appId ?? "aec-ingestion",
        headers: { "x-event-key": event.key },
      });
    }
    await withTimeout("amqp publisher confirms", this.confirmTimeoutMs, channel.waitForConfirms());
  }

  private currentSession(): Promise<Session> {
    this.session ??= this.openSession().catch((err: unknown) => {
      this.session = undefined;
      throw err;
    });
    return this.session;
  }

  private async openSession(): Promise<Session> {
    const { username, password } = await this.options.credentials();
    const opening = connect(
      {
        protocol: this.options.tls ? "amqps" : "amqp",
        hostname: this.options.host,
        port: this.options.port,
        vhost: this.options.vhost,
        username,
        password,
        // Long enough to survive short freezes between invocations; a dead peer is found on publish.
        heartbeat: 30,
      },
      {
        timeout: this.connectTimeoutMs,
        // amqplib leaves Nagle's algorithm on; small publish frames then wait on the peer's delayed ACK.
        noDelay: true,
        ...(this.options.tls ? { servername: this.options.host } : {}),
      },
    );
    let connection: ChannelModel;
    try {
      connection = await withTimeout("amqp connect", this.connectTimeoutMs + 500, opening);
    } catch (err) {
      // If the connection completes after the deadline, close it instead of leaking it.
      opening
        .then((late) => {
          late.on("error", () => undefined);
          return closeConnection(late);
        })
        .catch(() => undefined);
      throw err;
    }
    // amqplib emits 'error' on a connection or channel the broker drops, and an emitter without an 'error'
    // listener throws it out of the event loop: the listeners go on before the first await, not after setup.
    connection.on("error", (err: Error) => this.options.logger.warn("amqp connection error", errorFields(err)));
    try {
      const channel = await withTimeout("amqp open channel", this.connectTimeoutMs, openChannelOnExchange(connection, this.options.exchange));
      channel.on("error", (err: Error) => this.options.logger.warn("amqp channel error", errorFields(err)));
      const session: Session = { connection, channel };
      const forget = () => {
        if (this.live !== session) return;
        this.live = undefined;
        this.session = undefined;
      };
      connection.on("close", forget);
      channel.on("close", forget);
      this.live = session;
      return session;
    } catch (err) {
      await closeConnection(connection);
      throw err;
    }
  }

  private async discardSession(): Promise<void> {
    const current = this.session;
    this.session = undefined;
    this.live = undefined;
    if (!current) return;
    const session = await current.catch(() => undefined);
    if (session) await closeConnection(session.connection);
  }
}

/**
 * A confirm channel on which the exchange is known to exist. The broker setup declares the exchange with its
 * alternate exchange, and declaring it again without that argument fails (PRECONDITION_FAILED), so an existing
 * exchange is only checked (passively: the same number of frames as a declaration). A missing one (a local broker
 * nobody set up) closes that channel; it is then declared plain on a new one, as before the topology existed.
 */
async function openChannelOnExchange(connection: ChannelModel, exchange: string): Promise<ConfirmChannel> {
  const channel = await connection.createConfirmChannel();
  channel.on("error", () => undefined);
  try {
    await channel.checkExchange(exchange);
    return channel;
  } catch (err) {
    if ((err as { code?: unknown }).code !== 404) throw err;
  }
  const fresh = await connection.createConfirmChannel();
  fresh.on("error", () => undefined);
  await fresh.assertExchange(exchange, "topic", { durable: true });
  return fresh;
}

/**
 * A graceful close waits for the broker's close-ok, which a hung broker never sends; after a short
 * wait the socket is destroyed instead, so no connection (and no heartbeat timer) outlives its use.
 */
async function closeConnection(connection: ChannelModel): Promise<void> {
  try {
    await withTimeout("amqp close", 1000, connection.close());
  } catch {
    // Destroying with an error (not silently) is what makes amqplib stop its heartbeat timers.
    const socket = (connection as unknown as { connection?: { stream?: { destroy(err?: Error): void } } }).connection?.stream;
    socket?.destroy(new Error("broker did not acknowledge close"));
  }
}
