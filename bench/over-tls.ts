// Runs handler bench sections again in a child process over TLS, as deployed environments connect
// (TLS_ENABLED=true, certificates and host names verified). NODE_EXTRA_CA_CERTS is read only at process start,
// so the child trusts the throw-away CA from birth; the TLS listeners are the TLS tests' own.
import { spawn } from "node:child_process";
import { createTestPki, startTlsRedis, TlsTerminator } from "../__tests__/lambdas/support/tls";
import { closedPort, SERVICES } from "../__tests__/lambdas/support/services";

/** Set in the child: the handler configurations turn TLS on and the titles say so. */
export const OVER_TLS = process.env.BENCH_OVER_TLS === "1";

export async function runOverTls(script: string, sections: readonly string[]): Promise<void> {
  const pki = createTestPki();
  const stops: Array<() => Promise<unknown>> = [];
  try {
    const pg = new TlsTerminator({ host: SERVICES.postgres.hostname, port: Number(SERVICES.postgres.port) || 5432 }, pki, "postgres");
    const amqp = new TlsTerminator({ host: SERVICES.rabbitmq.hostname, port: Number(SERVICES.rabbitmq.port) || 5672 }, pki, "plain");
    stops.push(() => pg.stop(), () => amqp.stop());
    const redisPort = await closedPort();
    const redis = await startTlsRedis({ certFile: pki.certFile, keyFile: pki.keyFile, caFile: pki.caFile }, redisPort);
    stops.push(() => redis.stop());
    // The certificates name localhost: every client, the handlers' and the raw baselines', checks it.
    const moved = (url: URL, protocol: string, port: number, search = "") => {
      const next = new URL(url.href);
      next.protocol = protocol;
      next.hostname = "localhost";
      next.port = String(port);
      next.search = search;
      return next.href;
    };
    const env = {
      ...process.env,
      BENCH_OVER_TLS: "1",
      NODE_EXTRA_CA_CERTS: pki.caFile,
      TEST_PG_URL: moved(SERVICES.postgres, "postgres:", await pg.start(), "?sslmode=verify-full"),
      TEST_AMQP_URL: moved(SERVICES.rabbitmq, "amqps:", await amqp.start()),
      TEST_REDIS_URL: moved(SERVICES.redis, "rediss:", redisPort),
    };
    // Async on purpose: the PostgreSQL and AMQP listeners live in this process; a blocking spawn would stall them.
    const child = spawn(process.execPath, ["--import", "tsx", script, ...sections], { env, stdio: "inherit" });
    const status = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    if (status !== 0) throw new Error(`the TLS bench child exited with status ${status}`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    pki.dispose();
  }
}
