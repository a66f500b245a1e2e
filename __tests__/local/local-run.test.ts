// `npm run local` as a developer runs it: start it, upload a file the way the README shows (an unsigned PUT, like
// curl -T), query it through the local API, and stop it with Ctrl-C. Own schema, key prefix and exchange, so it
// shares the services with the other tests and with a developer's own local run.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "pg";
import { MIGRATIONS } from "../../lambdas/migrate/migrations";
import { fileEventsTopology } from "../../lambdas/shared/broker-topology";
import { clearRedisPrefix, removeTopology } from "../lambdas/support/fixtures";
import { closedPort, requireServices, SERVICES, uniqueName } from "../lambdas/support/services";

jest.setTimeout(60_000);

const root = join(__dirname, "..", "..");
const name = uniqueName("local");
const env = {
  ...process.env,
  LOCAL_PG_URL: SERVICES.postgres.href,
  LOCAL_REDIS_URL: SERVICES.redis.href,
  LOCAL_AMQP_URL: SERVICES.rabbitmq.href,
  LOCAL_PG_SCHEMA: name,
  LOCAL_CACHE_PREFIX: `${name}:`,
  LOCAL_EXCHANGE: `${name}.files`,
  LOCAL_API_PORT: "0",
  LOCAL_S3_PORT: "0",
};

interface Running {
  readonly child: ChildProcess;
  output: string;
  exit: Promise<number | null>;
}

function startLocal(overrides: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [join(root, "node_modules", "tsx", "dist", "cli.mjs"), "local/run.ts"], {
    cwd: root,
    env: { ...env, ...overrides },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const running: Running = {
    child,
    output: "",
    exit: new Promise((resolve) => child.on("exit", (code) => resolve(code))),
  };
  child.stdout!.on("data", (chunk: Buffer) => (running.output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (running.output += chunk.toString("utf8")));
  return running;
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(() => requireServices("postgres", "redis", "rabbitmq"));

afterAll(async () => {
  // The local platform declares the events topology under the run's exchange; nothing of it may outlive the test.
  await removeTopology(fileEventsTopology({ exchange: `${name}.files` }));
  const client = new Client({ connectionString: SERVICES.postgres.href });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  await client.end();
  await clearRedisPrefix(`${name}:`);
});

describe("npm run local", () => {
  it("migrates, ingests an upload, answers the query API, and stops cleanly on Ctrl-C", async () => {
    const local = startLocal();
    try {
      const ready = await waitFor("the ready line", () => {
        const match = /^ready: query API (\S+), S3 (\S+) \(bucket (\S+)\)/m.exec(local.output);
        const token = /TOKEN=(\S+)/.exec(local.output)?.[1];
        return match && token ? { api: match[1]!, s3: match[2]!, bucket: match[3]!, token } : undefined;
      });
      expect(local.output).toContain(`[migrate] schema ${name}: ${MIGRATIONS.length} applied, 0 already there`);

      const upload = await fetch(`${ready.s3}/${ready.bucket}/uploads/demo/site plan.pdf`, { method: "PUT", body: "%PDF-1.7 plan" });
      expect(upload.status).toBe(200);

      const auth = { authorization: `Bearer ${ready.token}` };
      const listed = await waitFor("the file in the API", async () => {
        const response = await fetch(`${ready.api}/projects/demo/files`, { headers: auth });
        const body = (await response.json()) as { items: Array<Record<string, unknown>> };
        return body.items.length > 0 ? body.items : undefined;
      });
      expect(listed).toEqual([
        expect.objectContaining({ projectId: "demo", fileName: "site plan.pdf", extension: "pdf", sizeBytes: 13, status: "accepted" }),
      ]);
      const one = await fetch(`${ready.api}/files/${listed[0]!.id}`, { headers: auth });
      expect(await one.json()).toMatchObject({ id: listed[0]!.id, key: "uploads/demo/site plan.pdf" });

      await waitFor("the published event", () => (local.output.includes("[broker] file.uploaded") ? true : undefined));
      expect(local.output).toMatch(/\[s3\] ObjectCreated:Put documents\/uploads\/demo\/site plan\.pdf \(13 bytes\)/);
      expect(local.output).toMatch(/\[ingestion\] file recorded .*"projectId":"demo"/);
      expect(local.output).toMatch(new RegExp(`\\[broker\\] file\\.uploaded on ${name}\\.files: event \\S+ .*"fileName":"site plan\\.pdf"`));

      expect((await fetch(`${ready.api}/projects/demo/files`)).status).toBe(401);
      const forged = `${ready.token.slice(0, -4)}AAAA`;
      expect((await fetch(`${ready.api}/projects/demo/files`, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
      expect((await fetch(`${ready.api}/health`)).status).toBe(200);

      const mint = async (claims: object) => {
        const minted = await fetch(`${ready.api}/local/token`, { method: "POST", body: JSON.stringify(claims) });
        return { authorization: `Bearer ${((await minted.json()) as { token: string }).token}` };
      };
      expect((await fetch(`${ready.api}/projects/demo/files`, { headers: await mint({ sub: "alice", projects: ["demo"] }) })).status).toBe(200);
      expect((await fetch(`${ready.api}/projects/demo/files`, { headers: await mint({ sub: "bob", projects: ["p1"] }) })).status).toBe(403);
      expect((await fetch(`${ready.api}/local/token`, { method: "POST", body: "not json" })).status).toBe(400);
    } finally {
      local.child.kill("SIGINT");
    }
    expect(await local.exit).toBe(0);
    expect(local.output).toMatch(/SIGINT: stopping\nstopped\n$/);
  });

  it("fails at once, naming the missing service and the variable that points at it", async () => {
    const local = startLocal({ LOCAL_REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
    expect(await local.exit).toBe(1);
    expect(local.output).toMatch(/npm run local needs its services:\n- Redis is not answering at redis:\/\/127\.0\.0\.1:\d+ .*: start it, or set LOCAL_REDIS_URL/);
    expect(local.output).not.toMatch(/^\s+at /m);
  });
});

describe("the local token issuer stays local", () => {
  it("nothing that is deployed imports local/", () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.ts$/.test(entry.name) && /from "(\.\.\/)+local\//.test(readFileSync(join(root, path), "utf8"))) offenders.push(path);
      }
    };
    for (const dir of ["lambdas", "constructs", "stacks", "config", "common"]) walk(dir);
    expect(offenders).toEqual([]);
  });
});
