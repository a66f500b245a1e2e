// The handlers over TLS with certificate and host-name verification on, as every deployed environment runs
// them (TLS_ENABLED=true): PostgreSQL, Redis and RabbitMQ each behind a TLS listener whose certificate a
// throw-away CA signed. A second run against listeners with an untrusted certificate proves the verification
// is really on. The handler code runs in a child process that trusts the CA through NODE_EXTRA_CA_CERTS.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { clearRedisPrefix, bindTestQueue, createTestSchema, testEnv } from "../support/fixtures";
import { startLocalS3, type LocalS3 } from "../support/s3";
import { closedPort, requireServices, SERVICES, uniqueName } from "../support/services";
import { createTestPki, startTlsRedis, TlsTerminator, type TestPki } from "../support/tls";

jest.setTimeout(60_000);

const root = join(__dirname, "..", "..", "..");
const name = uniqueName("tls");
const exchange = `${name}.files`;

let pki: TestPki;
let s3: LocalS3;
let queue: Awaited<ReturnType<typeof bindTestQueue>>;
let drop: () => Promise<void>;
const stops: Array<() => Promise<unknown>> = [];

async function listeners(identity: { certFile: string; keyFile: string }) {
  const pg = new TlsTerminator({ host: SERVICES.postgres.hostname, port: Number(SERVICES.postgres.port) || 5432 }, identity, "postgres");
  const amqp = new TlsTerminator({ host: SERVICES.rabbitmq.hostname, port: Number(SERVICES.rabbitmq.port) || 5672 }, identity, "plain");
  const redisPort = await closedPort();
  const redis = await startTlsRedis({ ...identity, caFile: pki.caFile }, redisPort);
  stops.push(() => pg.stop(), () => amqp.stop(), () => redis.stop());
  return { pgPort: await pg.start(), amqpPort: await amqp.start(), redisPort };
}

/** Async on purpose: the TLS listeners live in this process, and a blocking spawn would stall them. */
async function runHandlers(mode: "flow" | "probe", ports: { pgPort: number; amqpPort: number; redisPort: number }, extra: Record<string, string> = {}) {
  const env = {
    ...process.env,
    ...testEnv({ schema: name, prefix: name, exchange, bucket: "documents", s3Endpoint: s3.endpoint }, ports),
    TLS_ENABLED: "true",
    // The certificates name localhost: the handlers check the host name against them.
    PG_HOST: "localhost",
    REDIS_HOST: "localhost",
    AMQP_HOST: "localhost",
    NODE_EXTRA_CA_CERTS: pki.caFile,
    ...extra,
  };
  const child = spawn(process.execPath, [join(root, "node_modules", "tsx", "dist", "cli.mjs"), join(__dirname, "tls-flow.ts"), mode], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const status = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  const last = stdout.trim().split("\n").pop() ?? "";
  try {
    return { status, json: JSON.parse(last) as Record<string, any> };
  } catch {
    throw new Error(`the TLS child printed no result (status ${status}):\n${stdout}\n${stderr}`);
  }
}

beforeAll(async () => {
  await requireServices("postgres", "redis", "rabbitmq");
  pki = createTestPki();
  s3 = await startLocalS3(["documents"]);
  queue = await bindTestQueue(exchange, "file.*");
  // The schema exists (created empty here); the migrate handler fills it over TLS.
  ({ drop } = await createTestSchema(name, { migrate: false }));
});

afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  await queue?.close();
  await s3?.close();
  await drop?.();
  await clearRedisPrefix(`${name}:`);
  pki?.dispose();
});

describe("handlers over TLS, certificates verified", () => {
  it("migrate, ingest and query run end to end over TLS to PostgreSQL, Redis and RabbitMQ", async () => {
    const ports = await listeners(pki);
    const notification = await s3.put("documents", "uploads/tls/secure.ifc", "ISO-10303-21;", "application/octet-stream");
    const { status, json } = await runHandlers("flow", ports, { TEST_NOTIFICATION: notification });
    expect({ status, json }).toEqual({
      status: 0,
      json: {
        applied: expect.arrayContaining(["0001_create_files"]),
        failures: [],
        list: { status: 200, items: 1, again: "hit" },
        file: [200, 200, "miss"],
      },
    });
    expect(await queue.waitFor(1)).toBe(1);
    expect(queue.bodies()[0]!.data.fileName).toBe("secure.ifc");
  });

  it("refuses servers whose certificate the trusted CA did not sign", async () => {
    const ports = await listeners({ certFile: pki.rogueCertFile, keyFile: pki.rogueKeyFile });
    const { json } = await runHandlers("probe", ports);
    const untrusted = /self[- ]signed certificate|unable to verify|unable to get local issuer/i;
    expect(json.postgres).toMatch(untrusted);
    expect(json.redis).toMatch(untrusted);
    expect(json.rabbitmq).toMatch(untrusted);
  });
});
