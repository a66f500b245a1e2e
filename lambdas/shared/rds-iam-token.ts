import { presignQuery, refreshingTokenSource, type AwsCredentials } from "./sigv4-presign";

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
  return refreshingTokenSource((credentials, at) => createRdsIamToken(target, credentials, at), {
    service: "RDS",
    refreshAfterMs: RDS_TOKEN_REFRESH_MS,
    credentials: options.credentials,
    now: options.now,
  });
}
