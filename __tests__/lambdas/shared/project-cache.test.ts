import { Redis } from "ioredis";
import { RedisRateLimiter } from "../../../lambdas/query/rate-limit";
import { createLogger } from "../../../lambdas/shared/logger";
import { ProjectCache } from "../../../lambdas/shared/project-cache";
import { createRedis, type RedisHandle } from "../../../lambdas/shared/redis";
import { clearRedisPrefix, testEnv, testSecrets } from "../support/fixtures";
import { requireServices, SERVICES, uniqueName } from "../support/services";
import { loadQueryConfig } from "../../../lambdas/shared/config";

const prefix = `${uniqueName("cache")}:`;
let redis: RedisHandle;
let raw: Redis;
let clock = 1_700_000_000_000;
const now = () => clock;

beforeAll(async () => {
  await requireServices("redis");
  const config = loadQueryConfig(testEnv({ schema: "unused", prefix: prefix.slice(0, -1) }));
  redis = await createRedis(config.redis, testSecrets(), createLogger({ level: "error" }));
  raw = new Redis(SERVICES.redis.href);
});

afterAll(async () => {
  await clearRedisPrefix(prefix);
  await redis?.close();
  raw?.disconnect();
});

describe("project cache", () => {
  it("stores pages under the current version and drops them all on invalidation", async () => {
    const cache = new ProjectCache(redis, prefix, now);
    expect(await cache.readPage("p1", "20:first")).toEqual({ version: "0", body: null });
    expect(await cache.writePage("p1", "0", "20:first", '{"items":[1]}', 60_000)).toBe(true);
    expect(await cache.writePage("p1", "0", "5:first", '{"items":[2]}', 60_000)).toBe(true);
    expect(await cache.readPage("p1", "20:first")).toEqual({ version: "0", body: '{"items":[1]}' });

    expect(await cache.invalidateProject("p1")).toBe(1);
    expect(await cache.readPage("p1", "20:first")).toEqual({ version: "1", body: null });
    expect(await cache.readPage("p1", "5:first")).toEqual({ version: "1", body: null });
    expect(await raw.hkeys(`${prefix}proj:{p1}`)).toEqual(["v"]);
  });

  it("discards a page computed before an invalidation that happened meanwhile", async () => {
    const cache = new ProjectCache(redis, prefix, now);
    const { version } = await cache.readPage("race", "20:first");
    await cache.invalidateProject("race");
    expect(await cache.writePage("race", version, "20:first", "stale", 60_000)).toBe(false);
    expect((await cache.readPage("race", "20:first")).body).toBeNull();
  });

  it("treats entries past their own expiry as misses", async () => {
    const cache = new ProjectCache(redis, prefix, now);
    await cache.writePage("ttl", "0", "20:first", "page", 1000);
    await cache.writeFile("f-1", "proj-1", "file", 1000);
    clock += 999;
    expect((await cache.readPage("ttl", "20:first")).body).toBe("page");
    expect(await cache.readFile("f-1")).toEqual({ projectId: "proj-1", body: "file" });
    clock += 2;
    expect((await cache.readPage("ttl", "20:first")).body).toBeNull();
    expect(await cache.readFile("f-1")).toBeNull();
    expect(await raw.pttl(`${prefix}file:f-1`)).toBeGreaterThan(0);
  });

  it("keeps projects apart", async () => {
    const cache = new ProjectCache(redis, prefix, now);
    await cache.writePage("a", "0", "20:first", "A", 60_000);
    await cache.invalidateProject("b");
    expect((await cache.readPage("a", "20:first")).body).toBe("A");
  });
});

describe("rate limiter", () => {
  it("counts per client and fixed window, expiring each window's counter", async () => {
    let t = 28_333_334 * 60_000 + 10_000; // 10 s into a 60 s window
    const limiter = new RedisRateLimiter(redis, prefix, { requests: 2, windowSeconds: 60 }, () => t);
    const decisions = [await limiter.consume("ip:a"), await limiter.consume("ip:a"), await limiter.consume("ip:a")];
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, false]);
    expect(decisions[2]!.retryAfterSeconds).toBe(50);
    expect((await limiter.consume("ip:b")).allowed).toBe(true);

    const keys = await raw.keys(`${prefix}rl:*`);
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(await raw.pttl(key)).toBeGreaterThan(60_000);

    t += 50_000; // next window
    expect((await limiter.consume("ip:a")).allowed).toBe(true);
  });
});
