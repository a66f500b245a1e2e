// What the Lambda handler constructs are sized and configured with (functions, ingestion queue, HTTP API,
// alarms). The environment configuration declares these per environment and validates them; the constructs take
// them as props. Pure: no cdktf.

/** Lambda runtimes the handlers are built for (esbuild targets node22, which both run). */
export const LAMBDA_RUNTIMES = ["nodejs22.x", "nodejs24.x"] as const;
export type LambdaRuntime = (typeof LAMBDA_RUNTIMES)[number];

export const HANDLER_NAMES = ["ingestion", "query", "migrate"] as const;
export type HandlerName = (typeof HANDLER_NAMES)[number];

export const HANDLER_LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type HandlerLogLevel = (typeof HANDLER_LOG_LEVELS)[number];

export interface FunctionSettings {
  /** 128 to 10240; CPU grows with memory, so latency-bound functions get more than they use. */
  readonly memoryMiB: number;
  readonly timeoutSeconds: number;
  /** Concurrency reserved for (and capping) the function; it bounds the database connections it can open. */
  readonly reservedConcurrency: number;
  /** The p99-duration alarm fires above this, in milliseconds; below the timeout. */
  readonly p99AlarmMs: number;
}

export interface IngestionSettings {
  /** Messages per invocation. Above 10, batchingWindowSeconds must be at least 1 (an SQS rule). */
  readonly batchSize: number;
  /** How long Lambda gathers messages before invoking, 0 to 300 seconds. */
  readonly batchingWindowSeconds: number;
  /** How long an unprocessed upload event stays in the queue, 1 to 14 days. */
  readonly queueRetentionDays: number;
  /** How long failed events stay in the dead-letter queue; longer than queueRetentionDays (see check). */
  readonly deadLetterRetentionDays: number;
}

export interface ApiSettings {
  /** JWT issuer (the `iss` claim), an https URL; API Gateway fetches its keys from `<issuer>/.well-known/openid-configuration`. */
  readonly jwtIssuer: string;
  /** Accepted `aud` (or `client_id`) values. */
  readonly jwtAudience: readonly string[];
  /** Requests the stage admits at once before throttling (all clients together). */
  readonly throttlingBurstLimit: number;
  /** Steady requests per second the stage admits (all clients together). */
  readonly throttlingRateLimit: number;
  /** Lifetime of a cached query result. */
  readonly cacheTtlSeconds: number;
  /** Requests each client (JWT subject) may make per window, enforced by the handler in Redis. */
  readonly clientRateLimitRequests: number;
  readonly clientRateLimitWindowSeconds: number;
  /**
   * While Redis cannot count requests: `open` counts per container (each warm container admits the full limit),
   * `closed` answers 503. @default "open"
   */
  readonly clientRateLimitWhenCacheDown?: "open" | "closed";
  /**
   * The token claim listing the caller's projects, and the prefix that marks project groups among its values (see
   * the README's token contract). @default { claim: "projects", prefix: "" }
   */
  readonly projectsClaim?: { readonly claim: string; readonly prefix?: string };
}

export interface AlarmSettings {
  /** Length of one evaluated period: 10, 30, or a multiple of 60 seconds. */
  readonly periodSeconds: number;
  /** Consecutive breaching periods before an alarm fires. */
  readonly evaluationPeriods: number;
  /** Function errors per period that fire the errors alarm. */
  readonly errors: number;
  /** Throttled invocations per period that fire the throttles alarm. */
  readonly throttles: number;
  /** API responses with a 5xx status per period that fire the API alarm. */
  readonly api5xx: number;
}

export interface HandlerSettings {
  readonly runtime: LambdaRuntime;
  readonly logLevel: HandlerLogLevel;
  readonly functions: Readonly<Record<HandlerName, FunctionSettings>>;
  readonly ingestion: IngestionSettings;
  readonly api: ApiSettings;
  readonly alarms: AlarmSettings;
}
