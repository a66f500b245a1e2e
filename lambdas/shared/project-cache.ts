import { PROJECT_ID_PATTERN } from "./ids";
import { RedisScript, type RedisHandle } from "./redis";
import { withTimeout } from "./timeout";

/*
 * Cached query results per project live in one Redis hash: field "v" holds the project's cache version
 * and every other field is a cached page. Ingestion invalidates a project by deleting the hash and
 * writing the next version in one atomic step, so a page in the hash is always current and a read is
 * a single HMGET. A page computed from a database read that raced with an invalidation is discarded:
 * writes only land if the version read before the query is still the current one. Every command
 * touches one key, so this works on cluster-mode Redis too.
 */

const WRITE_PAGE = new RedisScript(`
if (redis.call('HGET', KEYS[1], 'v') or '0') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
return 1
`);

const INVALIDATE = new RedisScript(`
local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0') + 1
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'v', v)
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return v
`);

// How long an idle project's hash (and its version) survives; entries carry their own, shorter expiry.
const PROJECT_HASH_TTL_MS = 60 * 60 * 1000;

export interface CachedPage {
  readonly version: string;
  /** The cached response body, or null on a miss (or an entry past its expiry). */
  readonly body: string | null;
}

export interface CachedFile {
  readonly projectId: string;
  readonly body: string;
}

export class ProjectCache {
  constructor(
    private readonly redis: RedisHandle,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  async readPage(projectId: string, pageKey: string): Promise<CachedPage> {
    const [version, page] = await withTimeout(
      "redis read page",
      this.redis.commandTimeoutMs,
      this.redis.commands.hmget(this.projectKey(projectId), "v", `p|${pageKey}`),
    );
    return { version: version ?? "0", body: this.unwrap(page ?? null) };
  }

  /** Stores a page computed under `version`; returns false when the project was invalidated meanwhile. */
  async writePage(projectId: string, version: string, pageKey: string, body: string, ttlMs: number): Promise<boolean> {
    const stored = await WRITE_PAGE.run(
      this.redis,
      "redis write page",
      [this.projectKey(projectId)],
      [version, `p|${pageKey}`, this.wrap(body, ttlMs), PROJECT_HASH_TTL_MS],
    );
    return stored === 1;
  }

  /** Makes every cached page of the project unreachable; returns the new version. */
  async invalidateProject(projectId: string): Promise<number> {
    return Number(await INVALIDATE.run(this.redis, "redis invalidate project", [this.projectKey(projectId)], [PROJECT_HASH_TTL_MS]));
  }

  /** Drops a single file's cached entry (its processing status changed). */
  async invalidateFile(fileId: string): Promise<void> {
    await withTimeout("redis invalidate file", this.redis.commandTimeoutMs, this.redis.commands.del(this.fileKey(fileId)));
  }

  /**
   * A file's view stops changing once the worker recorded its result (the query API caches only such views), so
   * single files are cached by id alone; the worker still drops the entry when a failed result is replaced. The entry carries the file's
   * project ahead of the body, so that the caller's access is checked on a hit without parsing the body.
   */
  async readFile(fileId: string): Promise<CachedFile | null> {
    const raw = await withTimeout("redis read file", this.redis.commandTimeoutMs, this.redis.commands.get(this.fileKey(fileId)));
    const entry = raw === null ? null : this.unwrap(raw);
    if (entry === null) return null;
    const bar = entry.indexOf("|");
    const projectId = entry.slice(0, bar);
    // An entry without a valid project (written before projects were recorded) is a miss.
    if (bar < 0 || !PROJECT_ID_PATTERN.test(projectId)) return null;
    return { projectId, body: entry.slice(bar + 1) };
  }

  async writeFile(fileId: string, projectId: string, body: string, ttlMs: number): Promise<void> {
    await withTimeout(
      "redis write file",
      this.redis.commandTimeoutMs,
      this.redis.commands.set(this.fileKey(fileId), this.wrap(`${projectId}|${body}`, ttlMs), "PX", ttlMs),
    );
  }

  private projectKey(projectId: string): string {
    return `${this.prefix}proj:{${projectId}}`;
  }

  private fileKey(fileId: string): string {
    return `${this.prefix}file:${fileId}`;
  }

  private wrap(body: string, ttlMs: number): string {
    return `${this.now() + ttlMs}|${body}`;
  }

  private unwrap(raw: string | null): string | null {
    if (raw === null) return null;
    const bar = raw.indexOf("|");
    const expiresAt = Number(raw.slice(0, bar));
    if (bar < 0 || !Number.isFinite(expiresAt) || expiresAt <= this.now()) return null;
    return raw.slice(bar + 1);
  }
}
