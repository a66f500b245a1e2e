import { connect, type Channel, type ConfirmChannel } from "amqplib";

/** What a broker user may do, tried one operation per channel (a refused operation closes its channel). */
export class BrokerAccess {
  private constructor(private readonly connection: Awaited<ReturnType<typeof connect>>) {}

  static async signIn(url: URL, username: string, password: string): Promise<BrokerAccess> {
    const signedIn = new URL(url.href);
    signedIn.username = encodeURIComponent(username);
    signedIn.password = encodeURIComponent(password);
    const connection = await connect(signedIn.href);
    connection.on("error", () => undefined);
    return new BrokerAccess(connection);
  }

  /** "ok", or the broker's reply text (e.g. `ACCESS_REFUSED - ...`). */
  async attempt(operation: (channel: Channel) => Promise<unknown>): Promise<string> {
    const channel = await this.connection.createChannel();
    return settle(channel, operation(channel));
  }

  /** Publishes one persistent message through confirms: "ok" once the broker confirmed it. */
  async publish(exchange: string, routingKey: string, body = "{}"): Promise<string> {
    const channel: ConfirmChannel = await this.connection.createConfirmChannel();
    channel.publish(exchange, routingKey, Buffer.from(body), { persistent: true });
    return settle(channel, channel.waitForConfirms());
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}

async function settle(channel: Channel, work: Promise<unknown>): Promise<string> {
  let refusal: string | undefined;
  channel.on("error", (err: Error) => (refusal ??= err.message));
  try {
    await work;
  } catch (err) {
    // The broker's reason arrives as the channel's error; the operation's own rejection may only say "closed".
    await new Promise((resolve) => setTimeout(resolve, 50));
    return refusal ?? (err as Error).message;
  }
  await channel.close().catch(() => undefined);
  return "ok";
}
