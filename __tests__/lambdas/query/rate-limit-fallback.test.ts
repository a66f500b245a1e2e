// What limits requests while Redis cannot: a per-container limiter (fail open) or a 503 (fail closed).
import type { Pool } from "pg";
import { InProcessRateLimiter, RateLimiterUnavailableError, ResilientRateLimiter, type RateLimiter } from "../../../lambdas/query/rate-limit";
import { clearRedisPrefix, createTestSchema } from "../support/fixtures";
import { closedPort, requireServices, uniqueName } from "../support/services";
import { call, startQuery, TIGHT, type QueryUnderTest } from "./harness";

describe("InProcessRateLimiter", () => {
  it("counts fixed windows per client and says when the window ends", async () => {
    let now = 10_000;
    const limiter = new InProcessRateLimiter({ requests: 2, windowSeconds: 10 }, () => now);
    const decisions = [await limiter.consume("a"), await limiter.consume("a"), await limiter.consume("a"), await limiter.consume("b")];
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, false, true]);
    expect(decisions[2]!.retryAfterSeconds).toBe(10);
    now = 20_000;
    expect((await limiter.consume("a")).allowed).toBe(true);
  });

  it("forgets every client once it would hold more than its bound", async () => {
    const limiter = new InProcessRateLimiter({ requests: 1, windowSeconds: 60 }, () => 0, 2);
    await limiter.consume("a");
    await limiter.consume("b");
    expect((await limiter.consume("a")).allowed).toBe(false);
    await limiter.consume("c"); // a third client: the memo starts over
    expect((await limiter.consume("a")).allowed).toBe(true);
  });
});

describe("ResilientRateLimiter", () => {
  const broken: RateLimiter = { consume: () => Promise.reject(new Error("redis rate limit timed out after 200 ms")) };
  const allowAll: RateLimiter = { consume: async () => ({ allowed: true, retryAfterSeconds: 1 }) };

  it("open: the local limiter decides while the shared one fails, and each failure is reported", async () => {
    const failures: unknown[] = [];
    const limiter = new ResilientRateLimiter(broken, "open", new InProcessRateLimiter({ requests: 1, windowSeconds: 60 }), (e) => failures.push(e));
    expect((await limiter.consume("a")).allowed).toBe(true);
    expect((await limiter.consume("a")).allowed).toBe(false);
    expect(failures).toHaveLength(2);
  });

  it("closed: refuses with RateLimiterUnavailableError", async () => {
    const limiter = new ResilientRateLimiter(broken, "closed", allowAll, () => undefined);
    await expect(limiter.consume("a")).rejects.toBeInstanceOf(RateLimiterUnavailableError);
  });

  it("uses the shared limiter's answer while it works", async () => {
    const denyAll: RateLimiter = { consume: async () => ({ allowed: false, retryAfterSeconds: 7 }) };
    const limiter = new ResilientRateLimiter(denyAll, "open", allowAll, () => undefined);
    expect(await limiter.consume("a")).toEqual({ allowed: false, retryAfterSeconds: 7 });
  });
});

describe("query API with Redis unreachable", () => {
  const prefix = uniqueName("qrlf");
  let db: { pool: Pool; drop: () => Promise<void> };
  const started: QueryUnderTest[] = [];

  beforeAll(async () => {
    await requireServices("postgres", "redis");
    db = await createTestSchema(prefix);
  });
  afterAll(async () => {
    for (const query of started) await query.close();
    await db?.drop();
    await clearRedisPrefix(`${prefix}:`);
  });

  async function withoutRedis(env: Record<string, string>): Promise<QueryUnderTest> {
    const query = await startQuery({ schema: prefix, prefix }, { redisPort: await closedPort() }, { RATE_LIMIT_REQUESTS: "2", ...env }, TIGHT);
    started.push(query);
    return query;
  }

  it("fails open by default, still limiting each client within the container", async () => {
    const query = await withoutRedis({});
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(query, "/projects/rl/files", { ip: "203.0.113.50" })).statusCode);
    expect(statuses).toEqual([200, 200, 429]);
    expect((await call(query, "/projects/rl/files", { ip: "203.0.113.51" })).statusCode).toBe(200);
    expect(query.logs.find("rate limiter unavailable, failing open").length).toBeGreaterThan(0);
  });

  it("fails closed when the environment says so: 503 with Retry-After", async () => {
    const query = await withoutRedis({ RATE_LIMIT_WHEN_CACHE_DOWN: "closed" });
    const reply = await call(query, "/projects/rl/files", { ip: "203.0.113.60" });
    expect(reply.statusCode).toBe(503);
    expect(reply.headers["retry-after"]).toBe("5");
    expect(reply.json).toEqual({ error: "unavailable", message: "rate limiting is temporarily unavailable" });
    expect((await call(query, "/health")).statusCode).toBe(200);
  });
});
