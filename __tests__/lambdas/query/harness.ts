import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Pool } from "pg";
import { recordUpload } from "../../../lambdas/ingestion/file-store";
import { createQueryHandler, createQueryRuntime, type QueryRuntime } from "../../../lambdas/query/app";
import { loadQueryConfig } from "../../../lambdas/shared/config";
import { stableUuid } from "../../../lambdas/shared/ids";
import { ProjectCache } from "../../../lambdas/shared/project-cache";
import { createRedis } from "../../../lambdas/shared/redis";
import { captureLogs, type CapturedLogs } from "../support/logs";
import { testEnv, testSecrets, type Ports } from "../support/fixtures";

export interface QueryUnderTest {
  readonly handler: ReturnType<typeof createQueryHandler>;
  readonly runtime: QueryRuntime;
  readonly logs: CapturedLogs;
  /** What ingestion does after recording a file: drop the project's cached pages. */
  invalidate(projectId: string): Promise<unknown>;
  close(): Promise<void>;
}

/** The query handler as deployed (config from environment, real clients), on local services. */
/** Budgets that a busy CI machine never exhausts by accident; fault tests pass tight ones on purpose. */
const RELAXED = { pg: { connectMs: 5000, statementMs: 5000 }, redis: { connectMs: 2000, commandMs: 2000 } };
export const TIGHT = { pg: { connectMs: 500, statementMs: 500 }, redis: { connectMs: 300, commandMs: 200 } };

export async function startQuery(
  names: { schema: string; prefix: string },
  ports: Ports = {},
  env: Record<string, string> = {},
  timeouts: typeof RELAXED = RELAXED,
): Promise<QueryUnderTest> {
  const logs = captureLogs();
  const config = loadQueryConfig({ ...testEnv(names, ports), ...env });
  const runtime = await createQueryRuntime(config, logs.logger, { secrets: testSecrets(), timeouts });
  const invalidator = await createRedis(loadQueryConfig(testEnv(names)).redis, testSecrets(), logs.logger);
  const cache = new ProjectCache(invalidator, `${names.prefix}:`);
  return {
    handler: createQueryHandler(async () => runtime, logs.logger),
    runtime,
    logs,
    invalidate: (projectId) => cache.invalidateProject(projectId),
    close: async () => {
      await invalidator.close();
      await runtime.close();
    },
  };
}

export interface HttpOptions {
  readonly query?: Record<string, string>;
  readonly method?: string;
  readonly ip?: string;
  readonly sub?: string;
  readonly stage?: string;
  /** Projects granted in the default claims. @default the project named in the path, if any */
  readonly projects?: readonly string[];
  /** The claims the JWT authorizer verified; null: no authorizer ran. @default `sub` and `projects`, none for /health */
  readonly claims?: Record<string, unknown> | null;
}

function defaultClaims(rawPath: string, options: HttpOptions): Record<string, unknown> | null {
  if (options.claims !== undefined) return options.claims;
  // API Gateway runs no authorizer on the health route, so no claims reach the function there.
  if (rawPath.endsWith("/health") && !options.sub && !options.projects) return null;
  const inPath = /\/projects\/([^/]+)\//.exec(rawPath)?.[1];
  return { ...(options.sub ? { sub: options.sub } : {}), projects: options.projects ?? (inPath ? [inPath] : []) };
}

/** An API Gateway HTTP API (payload 2.0) event for a raw, already URL-encoded path. */
export function httpEvent(rawPath: string, options: HttpOptions = {}): APIGatewayProxyEventV2 {
  const claims = defaultClaims(rawPath, options);
  const stage = options.stage ?? "$default";
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: {},
    ...(options.query ? { queryStringParameters: options.query } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: "000000000000",
      apiId: "api",
      domainName: "api.example.com",
      domainPrefix: "api",
      requestId: "r",
      routeKey: "$default",
      stage,
      time: "01/May/2024:10:00:00 +0000",
      timeEpoch: 0,
      http: { method: options.method ?? "GET", path: rawPath, protocol: "HTTP/1.1", sourceIp: options.ip ?? "198.51.100.7", userAgent: "jest" },
      ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
    } as APIGatewayProxyEventV2["requestContext"],
  };
}

export type Reply = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string>; body: string };

export async function call(query: QueryUnderTest, rawPath: string, options: HttpOptions = {}): Promise<Reply & { json: any }> {
  const reply = (await query.handler(httpEvent(rawPath, options))) as Reply;
  return { ...reply, json: JSON.parse(reply.body) };
}

let counter = 0;

/** Inserts an accepted file the way ingestion records it; returns its id. */
export async function seedFile(pool: Pool, projectId: string, fileName = `drawing-${++counter}.dwg`): Promise<string> {
  const key = `uploads/${projectId}/${fileName}`;
  const id = stableUuid("file", "documents", key, "v1");
  await recordUpload(
    pool,
    {
      id,
      projectId,
      bucket: "documents",
      objectKey: key,
      revision: "v1",
      versionId: "v1",
      fileName,
      extension: "dwg",
      sizeBytes: 1234,
      contentType: "application/acad",
      etag: "abc",
      status: "accepted",
      rejectReason: null,
      uploadedAt: "2024-05-01T10:00:00.000Z",
    },
    null,
  );
  return id;
}

/** What the processing worker records for a file; once there, the file's view is final and cached by id. */
export async function seedResult(pool: Pool, fileId: string, projectId: string): Promise<void> {
  await pool.query(
    `INSERT INTO processing_results (file_id, project_id, status, kind, metadata, sha256, event_id)
     VALUES ($1, $2, 'processed', 'unknown', '{}', 'ab', gen_random_uuid())`,
    [fileId, projectId],
  );
}
