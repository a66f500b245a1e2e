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
    throw new Error("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are required for MSK IAM authentication");
  }
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

const SERVICE = "kafka-cluster";
const EXPIRES_SECONDS = 900;
const USER_AGENT = "aec-platform-kit-msk-iam";

/**
 * The SASL/OAUTHBEARER token MSK accepts for IAM authentication: a SigV4-presigned
 * GET https://kafka.<region>.amazonaws.com/?Action=kafka-cluster:Connect, base64url-encoded without
 * padding. Written against node:crypto so the bundle needs no extra SDK packages.
 */
export function createMskIamToken(region: string, credentials: AwsCredentials, now: Date = new Date()): string {
  const host = `kafka.${region}.amazonaws.com`;
  const amzDate = now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${region}/${SERVICE}/aws4_request`;

  const query: Record<string, string> = {
    Action: "kafka-cluster:Connect",
    "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
    "X-Amz-Credential": `${credentials.accessKeyId}/${scope}`,
    "X-Amz-Date": amzDate,
    "X-Amz-Expires": String(EXPIRES_SECONDS),
    ...(credentials.sessionToken ? { "X-Amz-Security-Token": credentials.sessionToken } : {}),
    "X-Amz-SignedHeaders": "host",
  };
  const canonicalRequest = ["GET", "/", canonicalQuery(query), `host:${host}\n`, "host", sha256Hex("")].join("\n");
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");

  let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, day);
  for (const part of [region, SERVICE, "aws4_request"]) key = hmac(key, part);
  const signature = createHmac("sha256", key).update(stringToSign).digest("hex");

  const signed = { ...query, "X-Amz-Signature": signature, "User-Agent": USER_AGENT };
  const url = `https://${host}/?${canonicalQuery(signed)}`;
  return Buffer.from(url, "utf8").toString("base64url");
}

function canonicalQuery(query: Record<string, string>): string {
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
