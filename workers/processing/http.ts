import { createServer, type Server } from "node:http";

export interface Probes {
  /** The process can make progress (the event loop answers; nothing fatal happened). */
  live(): boolean;
  /** Ready to take messages; otherwise why not. */
  ready(): Promise<{ ready: boolean; reason?: string }>;
  metrics(): string;
}

/** GET /livez and /readyz on one port, GET /metrics on another (so the NetworkPolicy can admit each on its own). */
export async function startHttp(port: number, routes: Record<string, () => Promise<{ status: number; type: string; body: string }>>, host = "0.0.0.0"): Promise<Server> {
  const server = createServer((req, res) => {
    const route = req.method === "GET" ? routes[(req.url ?? "").split("?")[0]!] : undefined;
    if (!route) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    route().then(
      ({ status, type, body }) => res.writeHead(status, { "content-type": type }).end(body),
      (err: unknown) => res.writeHead(500, { "content-type": "text/plain" }).end(`${(err as Error).message}\n`),
    );
  });
  // Probes must not hold a shutdown up: idle keep-alive sockets are closed with the server.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

export function healthRoutes(probes: Probes) {
  return {
    "/livez": async () => (probes.live() ? { status: 200, type: "text/plain", body: "ok\n" } : { status: 503, type: "text/plain", body: "not live\n" }),
    "/readyz": async () => {
      const { ready, reason } = await probes.ready();
      return ready ? { status: 200, type: "text/plain", body: "ready\n" } : { status: 503, type: "text/plain", body: `not ready: ${reason}\n` };
    },
  };
}

export function metricsRoutes(probes: Probes) {
  return { "/metrics": async () => ({ status: 200, type: "text/plain; version=0.0.4; charset=utf-8", body: probes.metrics() }) };
}

export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
