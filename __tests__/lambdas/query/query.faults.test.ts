import type { Pool } from "pg";
import { clearRedisPrefix, createTestSchema, settle } from "../support/fixtures";
import { closedPort, requireServices, SERVICES, uniqueName } from "../support/services";
import { TcpProxy } from "../support/tcp-proxy";
import { createQueryHandler } from "../../../lambdas/query/app";
import { once } from "../../../lambdas/shared/lazy";
import { call, httpEvent, seedFile, startQuery, TIGHT, type QueryUnderTest } from "./harness";

const prefix = uniqueName("qryf");
const schema = prefix;

let db: { pool: Pool; drop: () => Promise<void> };
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  await requireServices("postgres", "redis");
  db = await createTestSchema(schema);
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await db?.drop();
  await clearRedisPrefix(`${prefix}:`);
});

// Tight budgets: several of these tests are about the timeouts firing.
async function queryThrough(ports: { pgPort?: number; redisPort?: number }): Promise<QueryUnderTest> {
  const query = await startQuery({ schema, prefix }, ports, {}, TIGHT);
  cleanups.push(() => query.close());
  return query;
}

async function proxyTo(url: URL, defaultPort: number): Promise<TcpProxy> {
  const proxy = new TcpProxy(url.hostname, Number(url.port) || defaultPort);
  await proxy.start();
  cleanups.push(() => proxy.stop());
  return proxy;
}

describe("query under failure", () => {
  it("Redis down: answers from PostgreSQL, logs the cache failure, and caches again once Redis is back", async () => {
    await seedFile(db.pool, "redis-outage");
    const proxy = await proxyTo(SERVICES.redis, 6379);
    const query = await queryThrough({ redisPort: proxy.port });
    const warm = await call(query, "/projects/redis-outage/files");
    expect(warm.headers["x-cache"]).toBe("miss");

    await proxy.cut();
    const during = await call(query, "/projects/redis-outage/files");
    expect(during.statusCode).toBe(200);
    expect(during.headers["x-cache"]).toBe("bypass");
    expect(during.body).toBe(warm.body);
    expect(query.logs.find("cache read failed, serving from the database").length).toBeGreaterThan(0);
    expect(query.logs.find("rate limiter unavailable, failing open").length).toBeGreaterThan(0);

    await proxy.restore();
    let status = "bypass";
    for (let i = 0; i < 100 && status === "bypass"; i++) {
      await settle(50);
      status = (await call(query, "/projects/redis-outage/files")).headers["x-cache"]!;
    }
    expect(["hit", "miss"]).toContain(status);
  });

  it("Redis unreachable from the start: every route still answers", async () => {
    const id = await seedFile(db.pool, "no-redis");
    const query = await queryThrough({ redisPort: await closedPort() });
    const list = await call(query, "/projects/no-redis/files");
    const file = await call(query, `/files/${id}`, { projects: ["no-redis"] });
    expect([list.statusCode, file.statusCode]).toEqual([200, 200]);
    expect(list.json.items.map((f: { id: string }) => f.id)).toEqual([id]);
    expect((await call(query, "/health")).json).toEqual({ status: "ok", database: true, cache: false });
  });

  it("Redis hanging: requests are bounded by the command timeout, not stuck", async () => {
    await seedFile(db.pool, "redis-hang");
    const proxy = await proxyTo(SERVICES.redis, 6379);
    const query = await queryThrough({ redisPort: proxy.port });
    await call(query, "/projects/redis-hang/files");

    proxy.freeze();
    const reply = await call(query, "/projects/redis-hang/files");
    expect(reply.statusCode).toBe(200);
    expect(reply.headers["x-cache"]).toBe("bypass");
    // The test runtime gives Redis 200 ms; the request ended because that budget ran out (the client's own
    // command timeout and the handler's deadline are both 200 ms, and either may fire first).
    const timedOut = /^(Command timed out|redis (read page|rate limit) timed out after 200 ms)$/;
    expect(query.logs.find("cache read failed")[0]?.error).toMatch(timedOut);
    expect(query.logs.find("rate limiter unavailable")[0]?.error).toMatch(timedOut);
  });

  it("PostgreSQL down: 503 for misses and health, cached pages still served, 200 again once it is back", async () => {
    const id = await seedFile(db.pool, "pg-outage");
    const proxy = await proxyTo(SERVICES.postgres, 5432);
    const query = await queryThrough({ pgPort: proxy.port });
    const cached = await call(query, "/projects/pg-outage/files");
    expect(cached.statusCode).toBe(200);

    await proxy.cut();
    const miss = await call(query, `/files/${id}`, { projects: ["pg-outage"] });
    expect(miss.statusCode).toBe(503);
    expect(miss.headers["retry-after"]).toBe("5");
    expect(miss.json).toEqual({ error: "unavailable", message: "the file index is temporarily unavailable" });
    const listMiss = await call(query, "/projects/pg-outage/files", { query: { limit: "5" } });
    expect(listMiss.statusCode).toBe(503);
    expect((await call(query, "/health")).statusCode).toBe(503);
    const fromCache = await call(query, "/projects/pg-outage/files");
    expect([fromCache.statusCode, fromCache.headers["x-cache"]]).toEqual([200, "hit"]);
    expect(query.logs.find("database unavailable").length).toBeGreaterThan(0);

    await proxy.restore();
    expect((await call(query, `/files/${id}`, { projects: ["pg-outage"] })).statusCode).toBe(200);
  });

  it("clients that cannot start (a secret unreadable): 503 now, a fresh attempt on the next call", async () => {
    const working = await queryThrough({});
    let attempts = 0;
    const runtime = once(async () => {
      attempts++;
      if (attempts === 1) throw new Error("secretsmanager:GetSecretValue timed out after 6000 ms");
      return working.runtime;
    });
    const handler = createQueryHandler(runtime, working.logs.logger);
    const first = (await handler(httpEvent("/health"))) as { statusCode: number };
    const second = (await handler(httpEvent("/health"))) as { statusCode: number };
    expect([first.statusCode, second.statusCode]).toEqual([503, 200]);
    expect(working.logs.find("clients could not be started")[0]).toMatchObject({ error: "secretsmanager:GetSecretValue timed out after 6000 ms" });
  });

  it("PostgreSQL hanging: 503 within the statement timeout", async () => {
    const id = await seedFile(db.pool, "pg-hang");
    const proxy = await proxyTo(SERVICES.postgres, 5432);
    const query = await queryThrough({ pgPort: proxy.port });
    expect((await call(query, "/health")).statusCode).toBe(200);

    proxy.freeze();
    expect((await call(query, `/files/${id}`)).statusCode).toBe(503);
    // Ended by the client-side query timeout (statement timeout plus margin), not by the test's limit.
    expect(query.logs.find("database unavailable")[0]!.error).toMatch(/timeout/i);
  });
});
