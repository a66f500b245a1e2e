// The query handler behind a local HTTP server, shaped like API Gateway's HTTP API: a JWT check on every route but
// /health (401 {"message":"Unauthorized"} as API Gateway answers), then a payload 2.0 event with the verified
// claims under requestContext.authorizer.jwt. POST /local/token mints a development token.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Claims, LocalTokenIssuer } from "./token-issuer";

export type QueryHandler = (event: unknown, context: { awsRequestId: string }) => Promise<APIGatewayProxyStructuredResultV2>;

const UNAUTHENTICATED_ROUTES = new Set(["GET /health"]);
const MAX_TOKEN_REQUEST_BYTES = 4096;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

async function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** API Gateway joins repeated query parameters with commas. */
function queryParameters(search: URLSearchParams): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const name of new Set(search.keys())) out[name] = search.getAll(name).join(",");
  return Object.keys(out).length > 0 ? out : undefined;
}

export function toHttpApiEvent(req: IncomingMessage, claims: Claims | undefined): APIGatewayProxyEventV2 {
  const [rawPath = "/", rawQueryString = ""] = (req.url ?? "/").split("?", 2);
  const method = req.method ?? "GET";
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== "cookie") headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const queryStringParameters = queryParameters(new URLSearchParams(rawQueryString));
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString,
    headers,
    ...(queryStringParameters && { queryStringParameters }),
    isBase64Encoded: false,
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: headers.host ?? "localhost",
      domainPrefix: "local",
      requestId: randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      http: { method, path: rawPath, protocol: `HTTP/${req.httpVersion}`, sourceIp: req.socket.remoteAddress ?? "127.0.0.1", userAgent: headers["user-agent"] ?? "" },
      ...(claims && { authorizer: { jwt: { claims, scopes: [] } } }),
    } as APIGatewayProxyEventV2["requestContext"],
  };
}

export function createLocalApiServer(options: {
  handler: QueryHandler;
  issuer: LocalTokenIssuer;
  log: (line: string) => void;
}): Server {
  const { handler, issuer, log } = options;

  async function mintToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, MAX_TOKEN_REQUEST_BYTES);
    let claims: Record<string, unknown> = {};
    try {
      claims = body ? JSON.parse(body) : {};
    } catch {
      return send(res, 400, { message: "POST /local/token takes a JSON object of claims, e.g. {\"sub\":\"alice\"}" });
    }
    if (typeof claims !== "object" || claims === null || Array.isArray(claims)) {
      return send(res, 400, { message: "POST /local/token takes a JSON object of claims, e.g. {\"sub\":\"alice\"}" });
    }
    const sub = typeof claims.sub === "string" && claims.sub ? claims.sub : "local-developer";
    log(`[api] issued a development token for ${sub}`);
    send(res, 200, { token: issuer.issue({ ...claims, sub }), issuer: issuer.issuer, audience: issuer.audience });
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const path = (req.url ?? "/").split("?", 1)[0]!;
    if (req.method === "POST" && path === "/local/token") return mintToken(req, res);
    let claims: Claims | undefined;
    if (!UNAUTHENTICATED_ROUTES.has(`${req.method} ${path}`)) {
      const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "");
      const verified = match ? issuer.verify(match[1]!) : { ok: false as const, reason: "no bearer token" };
      if (!verified.ok) {
        log(`[api] ${req.method} ${req.url} → 401 (${verified.reason})`);
        return send(res, 401, { message: "Unauthorized" }, { "www-authenticate": "Bearer" });
      }
      claims = verified.claims;
    }
    const result = await handler(toHttpApiEvent(req, claims), { awsRequestId: randomUUID() });
    const status = result.statusCode ?? 200;
    const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]));
    res.writeHead(status, headers);
    res.end(result.isBase64Encoded && result.body ? Buffer.from(result.body, "base64") : (result.body ?? ""));
    log(`[api] ${req.method} ${req.url} → ${status} (${(performance.now() - started).toFixed(0)} ms)`);
  }

  return createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      log(`[api] ${req.method} ${req.url} → 500 (${err instanceof Error ? err.message : String(err)})`);
      if (!res.headersSent) send(res, 500, { message: "Internal Server Error" });
      else res.end();
    });
  });
}
