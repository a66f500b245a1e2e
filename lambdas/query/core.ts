import { errorFields, type Logger } from "../shared/logger";
import { DatabaseUnavailableError, isDatabaseUnavailable, type DbPool } from "../shared/postgres";
import type { ProjectCache } from "../shared/project-cache";
import { withTimeout } from "../shared/timeout";
import { encodeCursor } from "./cursor";
import { mayStillChange, selectFile, selectProjectPage } from "./file-queries";

export type CacheStatus = "hit" | "miss" | "bypass";

export interface QueryDeps {
  readonly db: DbPool;
  readonly cache: Pick<ProjectCache, "readPage" | "writePage" | "readFile" | "writeFile">;
  readonly logger: Logger;
  readonly settings: { readonly cacheTtlMs: number };
  readonly ping?: { readonly cache: () => Promise<unknown> };
}

export interface QueryResult {
  readonly body: string;
  readonly cache: CacheStatus;
}

export interface PageQuery {
  readonly projectId: string;
  readonly limit: number;
  readonly afterSeq: string | null;
}

/**
 * `admission` settles once the caller may be served (it rejects for a rate-limited client). The cache
 * read starts at once, sharing its round trip to Redis with the rate-limit check, but nothing is
 * returned and the database is not touched before admission.
 */
export async function listProjectFiles(deps: QueryDeps, query: PageQuery, admission: Promise<void>): Promise<QueryResult> {
  const pageKey = `${query.limit}:${query.afterSeq ?? "first"}`;
  const cached = deps.cache.readPage(query.projectId, pageKey).catch((err: unknown) => cacheFailure(deps, "read", err));
  await admission;
  const hit = await cached;
  if (hit?.body) return { body: hit.body, cache: "hit" };

  const page = await fromDatabase(() => selectProjectPage(deps.db, query.projectId, query.limit, query.afterSeq));
  const body = JSON.stringify({
    projectId: query.projectId,
    items: page.items,
    nextCursor: page.lastSeq === null ? null : encodeCursor(page.lastSeq),
  });
  if (!hit) return { body, cache: "bypass" };
  await deps.cache
    .writePage(query.projectId, hit.version, pageKey, body, deps.settings.cacheTtlMs)
    .catch((err: unknown) => cacheFailure(deps, "write", err));
  return { body, cache: "miss" };
}

/**
 * A file by id, or null when there is none or it belongs to a project `mayRead` refuses: both answer the same, so
 * the API does not tell a caller which ids exist in other projects. (Absent files are not cached: the file may
 * arrive any moment; nor are files still waiting for the worker: their status is about to change, and a file's entry,
 * unlike a project's pages, has no version that would discard a write racing with the worker's invalidation.)
 */
export async function getFile(
  deps: QueryDeps,
  fileId: string,
  mayRead: (projectId: string) => boolean,
  admission: Promise<void>,
): Promise<QueryResult | null> {
  const cached = deps.cache.readFile(fileId).catch((err: unknown) => cacheFailure(deps, "read", err));
  await admission;
  const hit = await cached;
  if (hit) return mayRead(hit.projectId) ? { body: hit.body, cache: "hit" } : null;

  const file = await fromDatabase(() => selectFile(deps.db, fileId));
  if (!file) return null;
  const body = JSON.stringify(file);
  if (hit === null && !mayStillChange(file)) {
    await deps.cache
      .writeFile(fileId, file.projectId, body, deps.settings.cacheTtlMs)
      .catch((err: unknown) => cacheFailure(deps, "write", err));
  }
  if (!mayRead(file.projectId)) return null;
  return { body, cache: hit === undefined ? "bypass" : "miss" };
}

export interface Health {
  readonly database: boolean;
  readonly cache: boolean;
}

export async function checkHealth(deps: QueryDeps): Promise<Health> {
  const [database, cache] = await Promise.all([
    withTimeout("health database", 2000, deps.db.query("SELECT 1")).then(() => true, () => false),
    deps.ping ? withTimeout("health cache", 1000, deps.ping.cache()).then(() => true, () => false) : Promise.resolve(false),
  ]);
  return { database, cache };
}

/** Cache trouble is logged and answered from PostgreSQL; it never fails a request. */
function cacheFailure(deps: QueryDeps, operation: "read" | "write", err: unknown): undefined {
  deps.logger.warn(`cache ${operation} failed, serving from the database`, errorFields(err));
  return undefined;
}

async function fromDatabase<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (err) {
    if (isDatabaseUnavailable(err)) throw new DatabaseUnavailableError(err);
    throw err;
  }
}
