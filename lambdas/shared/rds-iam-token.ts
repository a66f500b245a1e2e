import { credentialsFromEnv, presignQuery, type AwsCredentials } from "./sigv4-presign";

/** RDS accepts an IAM token for 15 minutes after signing, when connecting (open connections stay). */
export const RDS_TOKEN_VALIDITY_SECONDS = 900;
/** A new token is signed once the current one is this old, leaving margin for clock skew and retries. */
export const RDS_TOKEN_REFRESH_MS = 10 * 60 * 1000;

export interface RdsTokenTarget {
  /** The instance's endpoint host name, as the client connects to it. */
  readonly host: string;
  readonly port: number;
  /** The database user, which must have LOGIN and the rds_iam role. */
  readonly user: string;
  readonly region: string;
}

/**
 * The password for RDS IAM authentication: a SigV4-presigned `GET https://<host>:<port>/?Action=connect
 * &DBUser=<user>` for service `rds-db`, without the scheme (what `aws rds generate-db-auth-token` prints).
 */
export function createRdsIamToken(target: RdsTokenTarget, credentials: AwsCredentials, now: Date = new Date()): string {
  const host = `${target.host}:${target.port}`;
  const query = presignQuery({
    host,
    query: { Action: "connect", DBUser: target.user },
    service: "rds-db",
    region: target.region,
    credentials,
    expiresSeconds: RDS_TOKEN_VALIDITY_SECONDS,
    now,
  });
  return `${host}/?${query}`;
}

/** A token for every new connection: the current one while it is fresh, a newly signed one after that. */
export function rdsIamTokenSource(
  target: RdsTokenTarget,
  options: { credentials?: () => AwsCredentials; now?: () => number } = {},
): () => string {
  const credentials = options.credentials ?? roleCredentials;
  const now = options.now ?? Date.now;
  let current: { token: string; signedAt: number } | undefined;
  return () => {
    const at = now();
    if (!current || at - current.signedAt >= RDS_TOKEN_REFRESH_MS || at < current.signedAt) {
      current = { token: createRdsIamToken(target, credentials(), new Date(at)), signedAt: at };
    }
    return current.token;
  };
}

function roleCredentials(): AwsCredentials {
  try {
    return credentialsFromEnv();
  } catch {
    throw new Error("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are required for RDS IAM authentication");
  }
}
