import { createServer, connect, type Server, type Socket } from "node:net";

interface Link {
  readonly client: Socket;
  readonly upstream: Socket | undefined;
}

/**
 * A TCP relay in front of a real service, to break one client's path to it without stopping the
 * service other test files share:
 * - `cut()` drops every connection and refuses new ones (a service that is down),
 * - `freeze()` keeps connections open but stops relaying bytes (a service that hangs),
 * - `restore()` relays normally again on the same port.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly links = new Set<Link>();
  private frozen = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<number> {
    await this.listen(0);
    return this.port;
  }

  async cut(): Promise<void> {
    this.frozen = false;
    this.dropLinks();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  freeze(): void {
    this.frozen = true;
    for (const { client, upstream } of this.links) {
      client.unpipe();
      upstream?.unpipe();
      client.pause();
      upstream?.pause();
    }
  }

  async restore(): Promise<void> {
    await this.cut();
    await this.listen(this.port);
  }

  async stop(): Promise<void> {
    await this.cut();
  }

  private dropLinks(): void {
    for (const { client, upstream } of this.links) {
      client.destroy();
      upstream?.destroy();
    }
    this.links.clear();
  }

  private async listen(port: number): Promise<void> {
    const server = createServer((client) => {
      client.on("error", () => undefined);
      if (this.frozen) {
        // Accept and hold: the client sees a connection that never answers.
        const held: Link = { client, upstream: undefined };
        this.links.add(held);
        client.on("close", () => this.links.delete(held));
        return;
      }
      const upstream = connect(this.targetPort, this.targetHost);
      const link: Link = { client, upstream };
      this.links.add(link);
      const teardown = () => {
        client.destroy();
        upstream.destroy();
        this.links.delete(link);
      };
      upstream.on("error", teardown);
      client.on("close", teardown);
      upstream.on("close", teardown);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.port = (server.address() as { port: number }).port;
  }
}
