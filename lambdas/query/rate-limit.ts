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
