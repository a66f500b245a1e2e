import type { APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import type { QueryConfig } from "../shared/config";
import { errorFields, type Logger } from "../shared/logger";
import { createPostgresPool, DatabaseUnavailableError, DEFAULT_PG_TIMEOUTS, type PostgresTimeouts } from "../shared/postgres";
import { ProjectCache } from "../shared/project-cache";
import { createRedis, DEFAULT_REDIS_TIMEOUTS, type RedisTimeouts } from "../shared/redis";
import { secretsManagerSource, type SecretSource } from "../shared/secrets";
import { checkHealth, getFile, listProjectFiles, type QueryDeps, type QueryResult } from "./core";
import { grantedProjects, type AuthorizationSettings } from "./authorization";
import { InProcessRateLimiter, RateLimiterUnavailableError, RedisRateLimiter, ResilientRateLimiter, type RateLimiter } from "./rate-limit";
import { clientIdentity, parseHttpEvent, RequestError, routeRequest, type HttpEvent, type Route } from "./request";

export interface QueryRuntime {
  readonly deps: QueryDeps;
  readonly rateLimiter: RateLimiter;
  readonly authorization: AuthorizationSettings;
  close(): Promise<void>;
}

export interface QueryRuntimeOptions {
  readonly secrets?: SecretSource;
  /** Signs RDS IAM tokens; @default the function role's credentials */
  readonly pgIamToken?: () => string;
  readonly timeouts?: { pg?: PostgresTimeouts; redis?: RedisTimeouts };
}

export async function createQueryRuntime(config: QueryConfig, logger: Logger, options: QueryRuntimeOptions = {}): Promise<QueryRuntime> {
  const secrets = options.secrets ?? secretsManagerSource(config.region);
  const [db, redis] = await Promise.all([
    createPostgresPool(config.postgres, secrets, logger, {
      iamToken: options.pgIamToken,
      max: 2,
      // An API caller waits on these: fail over to a 503 well before API Gateway's 30 s limit.
      timeouts: options.timeouts?.pg ?? { ...DEFAULT_PG_TIMEOUTS, statementMs: 3000 },
      applicationName: "aec-query",
    }),
    createRedis(config.redis, secrets, logger, options.timeouts?.redis ?? DEFAULT_REDIS_TIMEOUTS),
  ]);
  return {
    deps: {
      db,
      cache: new ProjectCache(redis, config.redis.keyPrefix),
      logger,
      settings: { cacheTtlMs: config.cacheTtlSeconds * 1000 },
      ping: { cache: () => redis.commands.ping() },
    },
    rateLimiter: new ResilientRateLimiter(
      new RedisRateLimiter(redis, config.redis.keyPrefix, config.rateLimit),
      config.rateLimit.whenCacheDown,
      new InProcessRateLimiter(config.rateLimit),
      (err) => logger.warn(`rate limiter unavailable, failing ${config.rateLimit.whenCacheDown}`, errorFields(err)),
    ),
    authorization: config.authorization,
    close: async () => {
      await Promise.allSettled([redis.close(), db.end()]);
    },
  };
}

class AuthorizationError extends Error {
  constructor(
    readonly status: 401 | 403,
    readonly code: "unauthorized" | "forbidden",
    message: string,
  ) {
    super(message);
  }
}

class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("rate limited");
  }
}

/** The container's clients could not be built (a secret unreadable in time, say); the next call retries. */
class StartupError extends Error {
  constructor(cause: unknown) {
    super("clients could not be started", { cause });
  }
}

type Response = APIGatewayProxyStructuredResultV2;

/** The HTTP API adapter: validation → rate limit → core, and every domain failure to a JSON status. */
export function createQueryHandler(runtime: () => Promise<QueryRuntime>, logger: Logger) {
  return async (event: unknown, context?: Pick<Context, "awsRequestId">): Promise<Response> => {
    const log = logger.child({ requestId: context?.awsRequestId });
    try {
      const http = parseHttpEvent(event);
      const { deps, rateLimiter, authorization } = await runtime().catch((err: unknown) => {
        throw new StartupError(err);
      });
      const requestDeps = { ...deps, logger: log };
      const route = routeOrError(http);
      if (!(route instanceof RequestError) && route.name === "health") {
        const health = await checkHealth(requestDeps);
        return json(health.database ? 200 : 503, { status: health.database ? "ok" : "degraded", ...health });
      }
      // Bad requests count against the limit too, so a flood of them is throttled like any other.
      const admission = admit(rateLimiter, clientIdentity(http), log);
      if (route instanceof RequestError) {
        await admission;
        throw route;
      }
      // Decided from the verified claims alone, before any cache or database read.
      if (!http.claims) {
        await admission;
        throw new AuthorizationError(401, "unauthorized", "no verified token claims reached the API: send a JWT from the configured issuer");
      }
      const projects = grantedProjects(http.claims, authorization);
      if (route.name === "list-files" && !projects.has(route.projectId)) {
        await admission;
        throw new AuthorizationError(403, "forbidden", `the token does not grant project ${route.projectId}`);
      }
      const result =
        route.name === "list-files"
          ? await listProjectFiles(requestDeps, route, admission)
          : await getFile(requestDeps, route.fileId, (projectId) => projects.has(projectId), admission);
      if (!result) return json(404, { error: "not_found", message: "no file with this id" });
      return found(result);
    } catch (err) {
      return failure(err, log);
    }
  };
}

function routeOrError(http: HttpEvent): Route | RequestError {
  try {
    return routeRequest(http);
  } catch (err) {
    if (err instanceof RequestError) return err;
    throw err;
  }
}

/**
 * Settles when the client may be served; rejects with RateLimitedError, or RateLimiterUnavailableError when the
 * limiter fails closed. Anything else from the limiter is a defect of its own: logged, and the request allowed.
 */
function admit(rateLimiter: RateLimiter, client: string, log: Logger): Promise<void> {
  return rateLimiter.consume(client).then(
    (decision) => {
      if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
    },
    (err: unknown) => {
      if (err instanceof RateLimiterUnavailableError) throw err;
      log.warn("rate limiter failed, request allowed", errorFields(err));
    },
  );
}

function found(result: QueryResult): Response {
  // Spelled out rather than spread from JSON_HEADERS: this is the cache-hit path.
  const headers = { "content-type": JSON_HEADERS["content-type"], "cache-control": JSON_HEADERS["cache-control"], "x-cache": result.cache };
  return { statusCode: 200, headers, body: result.body };
}

function failure(err: unknown, log: Logger): Response {
  if (err instanceof RateLimitedError) {
    return json(429, { error: "rate_limited", message: "too many requests" }, { "retry-after": String(err.retryAfterSeconds) });
  }
  if (err instanceof AuthorizationError) {
    return json(err.status, { error: err.code, message: err.message }, err.status === 401 ? { "www-authenticate": "Bearer" } : {});
  }
  if (err instanceof RateLimiterUnavailableError) {
    return json(503, { error: "unavailable", message: "rate limiting is temporarily unavailable" }, { "retry-after": "5" });
  }
  if (err instanceof RequestError) {
    const code = err.status === 400 ? "bad_request" : err.status === 404 ? "not_found" : "method_not_allowed";
    return json(err.status, { error: code, message: err.message, ...(err.parameter ? { parameter: err.parameter } : {}) });
  }
  if (err instanceof DatabaseUnavailableError || err instanceof StartupError) {
    log.error(err instanceof StartupError ? "clients could not be started" : "database unavailable", errorFields(err.cause ?? err));
    return json(503, { error: "unavailable", message: "the file index is temporarily unavailable" }, { "retry-after": "5" });
  }
  log.error("unexpected failure", errorFields(err));
  return json(500, { error: "internal", message: "internal error" });
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" } as const;

function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): Response {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}
