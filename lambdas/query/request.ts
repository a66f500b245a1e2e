import { PROJECT_ID_PATTERN, UUID_PATTERN } from "../shared/ids";
import { decodeCursor } from "./cursor";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The parts of an API Gateway HTTP API (payload 2.0) event the query handler reads. */
export interface HttpEvent {
  readonly rawPath: string;
  readonly stage: string | undefined;
  readonly method: string;
  readonly sourceIp: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** The JWT subject when the authorizer ran and the token had one. */
  readonly subject: string | undefined;
  /** The claims the JWT authorizer verified; undefined when none reached the function. */
  readonly claims: Readonly<Record<string, unknown>> | undefined;
}

export type Route =
  | { readonly name: "list-files"; readonly projectId: string; readonly limit: number; readonly afterSeq: string | null }
  | { readonly name: "get-file"; readonly fileId: string }
  | { readonly name: "health" };

/** A request the API refuses; `parameter` names the offending input for 400s. */
export class RequestError extends Error {
  constructor(
    readonly status: 400 | 404 | 405,
    message: string,
    readonly parameter?: string,
  ) {
    super(message);
    this.name = "RequestError";
  }
}

/**
 * Checked by hand rather than by a schema: this runs on every request, and the cache-hit path is measured
 * against a bare Redis GET. Only the fields read are checked; anything else in the event is ignored.
 */
export function parseHttpEvent(event: unknown): HttpEvent {
  const e = objectOrUndefined(event);
  const context = objectOrUndefined(e?.requestContext);
  const http = objectOrUndefined(context?.http);
  const query = e?.queryStringParameters;
  const stage = context?.stage;
  if (
    !e ||
    !context ||
    typeof e.rawPath !== "string" ||
    typeof http?.method !== "string" ||
    typeof http.sourceIp !== "string" ||
    (stage !== undefined && typeof stage !== "string") ||
    (query !== undefined && !isStringRecord(query))
  ) {
    throw new RequestError(400, "request is not an HTTP API (payload 2.0) event");
  }
  const claims = objectOrUndefined(objectOrUndefined(objectOrUndefined(context.authorizer)?.jwt)?.claims);
  return {
    rawPath: e.rawPath,
    stage,
    method: http.method,
    sourceIp: http.sourceIp,
    query: query ?? {},
    subject: typeof claims?.sub === "string" && claims.sub ? claims.sub : undefined,
    claims,
  };
}

/** Who the rate limit counts against: the JWT subject when authenticated, else the source address. */
export function clientIdentity(event: HttpEvent): string {
  return event.subject !== undefined ? `sub:${event.subject}` : `ip:${event.sourceIp}`;
}

export function routeRequest(event: HttpEvent): Route {
  const path = stripStage(event.rawPath, event.stage);
  const segments = path.split("/").filter(Boolean).map((s) => decodeSegment(s));
  const method = event.method.toUpperCase();
  const query = event.query;

  let route: Route | undefined;
  if (segments.length === 1 && segments[0] === "health") route = { name: "health" };
  else if (segments.length === 3 && segments[0] === "projects" && segments[2] === "files") {
    route = { name: "list-files", projectId: projectIdParam(segments[1]!), ...pageParams(query) };
  } else if (segments.length === 2 && segments[0] === "files") route = { name: "get-file", fileId: fileIdParam(segments[1]!) };

  if (!route) throw new RequestError(404, "no such route");
  if (method !== "GET") throw new RequestError(405, `${method} is not allowed; use GET`);
  return route;
}

function projectIdParam(value: string): string {
  if (!PROJECT_ID_PATTERN.test(value)) {
    throw new RequestError(400, "projectId must be 1-64 characters from [A-Za-z0-9_-]", "projectId");
  }
  return value;
}

function fileIdParam(value: string): string {
  const lower = value.toLowerCase();
  if (!UUID_PATTERN.test(lower)) throw new RequestError(400, "fileId must be a UUID", "fileId");
  return lower;
}

function pageParams(query: HttpEvent["query"]): { limit: number; afterSeq: string | null } {
  let limit = DEFAULT_PAGE_SIZE;
  if (query.limit !== undefined) {
    if (!/^\d{1,3}$/.test(query.limit) || Number(query.limit) < 1 || Number(query.limit) > MAX_PAGE_SIZE) {
      throw new RequestError(400, `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`, "limit");
    }
    limit = Number(query.limit);
  }
  let afterSeq: string | null = null;
  if (query.cursor !== undefined) {
    afterSeq = decodeCursor(query.cursor);
    if (afterSeq === null) throw new RequestError(400, "cursor is not a cursor returned by this API", "cursor");
  }
  return { limit, afterSeq };
}

function stripStage(path: string, stage: string | undefined): string {
  // A named stage appears in rawPath ("/prod/health"); the $default stage does not.
  if (stage && stage !== "$default" && (path === `/${stage}` || path.startsWith(`/${stage}/`))) return path.slice(stage.length + 1);
  return path;
}

function decodeSegment(segment: string): string {
  if (!segment.includes("%")) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new RequestError(400, "path is not valid URL encoding", "path");
  }
}

function objectOrUndefined(value: unknown): Partial<Record<string, unknown>> | undefined {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  for (const key in value) if (typeof (value as Record<string, unknown>)[key] !== "string") return false;
  return true;
}
