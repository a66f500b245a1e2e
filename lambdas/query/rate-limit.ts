import { createHash } from "node:crypto";
import type { RedisHandle } from "../shared/redis";
import { withTimeout } from "../shared/timeout";

export interface RateLimitDecision {
  readonly allowed: boolean;
  readonly retryAfterSeconds: number;
}

export interface RateLimiter {
  consume(client: string): Promise<RateLimitDecision>;
}

/**
 * Fixed windows aligned to the clock: one counter key per client and window. The hot path is a single
 * INCR, issued together with the request's cache read so that both share one round trip; the first
 * request of a window also sets the key's expiry. A key whose expiry was never set (the container died
 * in between) only costs memory: its window number is never counted again.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly keys = new Map<string, string>();

  constructor(
    private readonly redis: RedisHandle,
    private readonly prefix: string,
    private readonly limit: { readonly requests: number; readonly windowSeconds: number },
    private readonly now: () => number = Date.now,
  ) {}

  async consume(client: string): Promise<RateLimitDecision> {
    const windowMs = this.limit.windowSeconds * 1000;
    const now = this.now();
    const window = Math.floor(now / windowMs);
    const key = `${this.clientKey(client)}:${window}`;
    const count = await withTimeout("redis rate limit", this.redis.commandTimeoutMs, this.redis.commands.incr(key));
    if (count === 1) await withTimeout("redis rate limit expiry", this.redis.commandTimeoutMs, this.redis.commands.pexpire(key, windowMs * 2));
    const retryAfterMs = (window + 1) * windowMs - now;
    return { allowed: count <= this.limit.requests, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
  }

  // Hashing bounds the key length and keeps client-chosen text (a JWT subject) out of key names; the
  // small memo spares a hash per request for the few clients a container sees.
  private clientKey(client: string): string {
    let key = this.keys.get(client);
    if (key === undefined) {
      key = `${this.prefix}rl:${createHash("sha256").update(client).digest("base64url").slice(0, 24)}`;
      if (this.keys.size >= 1000) this.keys.clear();
      this.keys.set(client, key);
    }
    return key;
  }
}

/**
 * The same fixed windows, counted in this container only: the stand-in while Redis is unreachable. With N warm
 * containers a client gets up to N times its limit, which is still a limit; the memo is bounded so a flood of
 * distinct clients cannot grow it without end.
 */
export class InProcessRateLimiter implements RateLimiter {
  private readonly counts = new Map<string, { window: number; count: number }>();

  constructor(
    private readonly limit: { readonly requests: number; readonly windowSeconds: number },
    private readonly now: () => number = Date.now,
    private readonly maxClients = 10_000,
  ) {}

  async consume(client: string): Promise<RateLimitDecision> {
    const windowMs = this.limit.windowSeconds * 1000;
    const now = this.now();
    const window = Math.floor(now / windowMs);
    const entry = this.counts.get(client);
    const count = entry && entry.window === window ? entry.count + 1 : 1;
    if (!entry && this.counts.size >= this.maxClients) this.counts.clear();
    this.counts.set(client, { window, count });
    const retryAfterMs = (window + 1) * windowMs - now;
    return { allowed: count <= this.limit.requests, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
  }
}

/** The shared limiter could not decide and the environment chose to fail closed. */
export class RateLimiterUnavailableError extends Error {
  constructor(cause: unknown) {
    super("rate limiter unavailable", { cause });
    this.name = "RateLimiterUnavailableError";
  }
}

/**
 * The shared (Redis) limiter, and what happens when it cannot answer: `open` counts in this container instead,
 * `closed` refuses the request (RateLimiterUnavailableError). `onFailure` hears about every outage call.
 */
export class ResilientRateLimiter implements RateLimiter {
  constructor(
    private readonly shared: RateLimiter,
    private readonly whenDown: "open" | "closed",
    private readonly local: RateLimiter,
    private readonly onFailure: (err: unknown) => void,
  ) {}

  consume(client: string): Promise<RateLimitDecision> {
    return this.shared.consume(client).catch((err: unknown) => {
      this.onFailure(err);
      if (this.whenDown === "closed") throw new RateLimiterUnavailableError(err);
      return this.local.consume(client);
    });
  }
}
