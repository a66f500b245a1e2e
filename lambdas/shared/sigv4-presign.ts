import { createHash, createHmac } from "node:crypto";

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Lambda puts the execution role's temporary credentials in these variables. */
export function credentialsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are required to sign IAM authentication tokens");
  }
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

export interface PresignRequest {
  /** Host the signature covers; the only signed header. */
  readonly host: string;
  /** Parameters of the request itself, e.g. { Action: "connect" }. */
  readonly query: Readonly<Record<string, string>>;
  readonly service: string;
  readonly region: string;
  readonly credentials: AwsCredentials;
  /** How long the presigned request stays valid, in seconds. */
  readonly expiresSeconds: number;
  readonly now: Date;
}

/**
 * The query string of a SigV4-presigned `GET <host>/` (the form IAM-authenticated data services accept as a
 * password): the request's parameters plus the X-Amz-* ones and the signature, in canonical order. Written
 * against node:crypto so that a handler bundle needs no SDK signer package.
 */
export function presignQuery(request: PresignRequest): string {
  return canonicalQuery(presignParams(request));
}

/** The signed parameters of `presignQuery`, for callers that add unsigned ones (e.g. a User-Agent) before encoding. */
export function presignParams(request: PresignRequest): Record<string, string> {
  const { credentials, region, service } = request;
  const amzDate = request.now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${region}/${service}/aws4_request`;
  const query: Record<string, string> = {
    ...request.query,
    "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
    "X-Amz-Credential": `${credentials.accessKeyId}/${scope}`,
    "X-Amz-Date": amzDate,
    "X-Amz-Expires": String(request.expiresSeconds),
    ...(credentials.sessionToken ? { "X-Amz-Security-Token": credentials.sessionToken } : {}),
    "X-Amz-SignedHeaders": "host",
  };
  const canonicalRequest = ["GET", "/", canonicalQuery(query), `host:${request.host}\n`, "host", sha256Hex("")].join("\n");
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");

  let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, day);
  for (const part of [region, service, "aws4_request"]) key = hmac(key, part);
  const signature = createHmac("sha256", key).update(stringToSign).digest("hex");
  return { ...query, "X-Amz-Signature": signature };
}

export function canonicalQuery(query: Readonly<Record<string, string>>): string {
  return Object.keys(query)
    .sort()
    .map((k) => `${rfc3986(k)}=${rfc3986(query[k]!)}`)
    .join("&");
}

// SigV4 percent-encodes everything except unreserved characters, stricter than encodeURIComponent.
function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

function hmac(key: string | Buffer, value: string): Buffer {
  return createHmac("sha256", key).update(value).digest();
}

/**
 * A presigned-token source for IAM database and cache authentication: the current token while it is younger than
 * `refreshAfterMs`, a newly signed one after that (or when the clock went back). Signing is a few HMACs, so it
 * happens inline when a connection needs it, never on a timer (timers do not run while Lambda is frozen).
 */
export function refreshingTokenSource(
  sign: (credentials: AwsCredentials, at: Date) => string,
  options: { service: string; refreshAfterMs: number; credentials?: () => AwsCredentials; now?: () => number },
): () => string {
  const credentials = options.credentials ?? (() => roleCredentials(options.service));
  const now = options.now ?? Date.now;
  let current: { token: string; signedAt: number } | undefined;
  return () => {
    const at = now();
    if (!current || at - current.signedAt >= options.refreshAfterMs || at < current.signedAt) {
      current = { token: sign(credentials(), new Date(at)), signedAt: at };
    }
    return current.token;
  };
}

function roleCredentials(service: string): AwsCredentials {
  try {
    return credentialsFromEnv();
  } catch {
    throw new Error(`AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are required for ${service} IAM authentication`);
  }
}
