import * as z from "zod/mini";
import { PROJECT_ID_PATTERN, UUID_PATTERN } from "../shared/ids";
import { decodeCursor } from "./cursor";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The parts of an API Gateway HTTP API (payload 2.0) event the query handler reads. */
const HttpEventSchema = z.object({
  rawPath: z.string(),
  queryStringParameters: z.optional(z.record(z.string(), z.string())),
  requestContext: z.object({
    stage: z.optional(z.string()),
    http: z.object({ method: z.string(), sourceIp: z.string() }),
    authorizer: z.optional(
      z.object({ jwt: z.optional(z.object({ claims: z.optional(z.record(z.string(), z.unknown())) })) }),
    ),
  }),
});

export type HttpEvent = z.infer<typeof HttpEventSchema>;

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

export function parseHttpEvent(event: unknown): HttpEvent {
  const parsed = HttpEventSchema.safeParse(event);
  if (!parsed.success) throw new RequestError(400, "request is not an HTTP API (payload 2.0) event");
  return parsed.data;
}

/** Who the rate limit counts against: the JWT subject when authenticated, else the source address. */
export function clientIdentity(event: HttpEvent): string {
  const sub = event.requestContext.authorizer?.jwt?.claims?.sub;
  return typeof sub === "string" && sub ? `sub:${sub}` : `ip:${event.requestContext.http.sourceIp}`;
}

export function routeRequest(event: HttpEvent): Route {
  const path = stripStage(event.rawPath, event.requestContext.stage);
  const segments = path.split("/").filter(Boolean).map((s) => decodeSegment(s));
  const method = event.requestContext.http.method.toUpperCase();
  const query = event.queryStringParameters ?? {};

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

function pageParams(query: Readonly<Record<string, string>>): { limit: number; afterSeq: string | null } {
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
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new RequestError(400, "path is not valid URL encoding", "path");
  }
}
