import { presignQuery, refreshingTokenSource, type AwsCredentials } from "./sigv4-presign";

/** ElastiCache accepts an IAM token for 15 minutes after signing (only when connecting; open connections stay). */
export const ELASTICACHE_TOKEN_VALIDITY_SECONDS = 900;
/** A new token is signed once the current one is this old, leaving margin for clock skew and retries. */
export const ELASTICACHE_TOKEN_REFRESH_MS = 10 * 60 * 1000;

export interface ElastiCacheTokenTarget {
  /** Replication group (cluster) id, e.g. `aec-platform-prod-cache`. */
  readonly replicationGroupId: string;
  /** RBAC user id; IAM-enabled users have user id = user name. */
  readonly userId: string;
  readonly region: string;
}

/**
 * The password for ElastiCache IAM authentication: a SigV4-presigned `GET http://<replication-group-id>/
 * ?Action=connect&User=<user-id>` for service `elasticache`, without the scheme. The username sent with it is
 * the user id.
 */
export function createElastiCacheIamToken(
  target: ElastiCacheTokenTarget,
  credentials: AwsCredentials,
  now: Date = new Date(),
): string {
  const host = target.replicationGroupId.toLowerCase();
  const query = presignQuery({
    host,
    query: { Action: "connect", User: target.userId },
    service: "elasticache",
    region: target.region,
    credentials,
    expiresSeconds: ELASTICACHE_TOKEN_VALIDITY_SECONDS,
    now,
  });
  return `${host}/?${query}`;
}

export interface TokenSourceOptions {
  /** @default the Lambda role's credentials from the environment */
  readonly credentials?: () => AwsCredentials;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default ELASTICACHE_TOKEN_REFRESH_MS */
  readonly refreshAfterMs?: number;
}

/** A token for every connection attempt: the current one while it is fresh, a newly signed one after that. */
export function elastiCacheTokenSource(target: ElastiCacheTokenTarget, options: TokenSourceOptions = {}): () => string {
  return refreshingTokenSource((credentials, at) => createElastiCacheIamToken(target, credentials, at), {
    service: "ElastiCache",
    refreshAfterMs: options.refreshAfterMs ?? ELASTICACHE_TOKEN_REFRESH_MS,
    credentials: options.credentials,
    now: options.now,
  });
}
