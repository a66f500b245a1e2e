import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A relay that passes the server's first `budget` bytes to the client and then either drops the connection
 * (`cut`) or stops passing anything while keeping it open (`stall`): a broker that fails at an exact point of
 * a protocol exchange. Budget Infinity relays everything and counts the bytes (to find the exchange's length).
 * `open()` counts upstream connections still open, to prove a client left none behind.
 */
export class ByteBudgetRelay {
  private server: Server | undefined;
  private readonly upstreams = new Set<Socket>();
  private readonly sockets = new Set<Socket>();
  port = 0;
  /** Server bytes relayed on the latest connection. */
  relayed = 0;
  /** Those bytes themselves, when the budget is unlimited (to find the protocol's frame boundaries). */
  readonly recorded: Buffer[] = [];

  constructor(
    private readonly target: { host: string; port: number },
    private readonly budget: number,
    private readonly mode: "cut" | "stall",
  ) {}

  async start(): Promise<number> {
    this.server = createServer((client) => this.relay(client));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", () => resolve()));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  open(): number {
    return this.upstreams.size;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private relay(client: Socket): void {
    const upstream = connect(this.target.port, this.target.host);
    this.sockets.add(client).add(upstream);
    this.upstreams.add(upstream);
    this.relayed = 0;
    const teardown = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", () => undefined);
    upstream.on("error", teardown);
    upstream.on("close", () => {
      this.upstreams.delete(upstream);
      client.destroy();
    });
    client.on("close", () => upstream.destroy());
    client.pipe(upstream);
    upstream.on("data", (chunk: Buffer) => {
      const left = this.budget - this.relayed;
      if (left <= 0) return this.exhausted(client, upstream);
      const part = chunk.length <= left ? chunk : chunk.subarray(0, left);
      this.relayed += part.length;
      if (this.budget === Infinity) this.recorded.push(part);
      client.write(part);
      if (this.relayed >= this.budget) this.exhausted(client, upstream);
    });
  }

  private exhausted(client: Socket, upstream: Socket): void {
    if (this.mode === "cut") {
      client.destroy();
      upstream.destroy();
    }
    // A stall passes nothing more to the client; what the client sends still flows, so its close is seen.
  }
}
