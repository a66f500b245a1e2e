import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { withTimeout } from "./timeout";

/** Where credentials come from: Secrets Manager in AWS, a fixed map in local tests. */
export interface SecretSource {
  /** The secret's string value; `fresh` skips the cache (after an authentication failure, i.e. rotation). */
  getString(arn: string, options?: { fresh?: boolean }): Promise<string>;
}

export interface UsernamePassword {
  readonly username: string;
  readonly password: string;
}

export const SECRETS_TIMEOUT_MS = 3000;
// Long enough to make secret reads rare, short enough to pick up a rotation without a redeploy.
const CACHE_TTL_MS = 5 * 60 * 1000;

/** Secrets Manager reader with a small per-container cache. */
export function secretsManagerSource(region: string, now: () => number = Date.now): SecretSource {
  const client = new SecretsManagerClient({
    region,
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 1000, requestTimeout: SECRETS_TIMEOUT_MS },
  });
  const cache = new Map<string, { value: string; expiresAt: number }>();
  return {
    async getString(arn, options) {
      const hit = cache.get(arn);
      if (hit && !options?.fresh && hit.expiresAt > now()) return hit.value;
      const out = await withTimeout(
        "secretsmanager:GetSecretValue",
        SECRETS_TIMEOUT_MS * 2,
        client.send(new GetSecretValueCommand({ SecretId: arn })),
      );
      if (typeof out.SecretString !== "string") throw new Error(`secret ${arn} has no string value`);
      cache.set(arn, { value: out.SecretString, expiresAt: now() + CACHE_TTL_MS });
      return out.SecretString;
    },
  };
}

/** A fixed set of secrets, for local runs and tests where no Secrets Manager exists. */
export function staticSecretSource(values: Readonly<Record<string, string>>): SecretSource {
  return {
    async getString(arn) {
      const value = values[arn];
      if (value === undefined) throw new Error(`no secret ${arn}`);
      return value;
    },
  };
}

/** Parses the JSON shape of the database master secret and the Amazon MQ secret. Never echoes the secret in errors. */
export function parseUsernamePassword(arn: string, raw: string): UsernamePassword {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`secret ${arn} is not JSON`);
  }
  const { username, password } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof username !== "string" || typeof password !== "string") {
    throw new Error(`secret ${arn} must be JSON with string fields username and password`);
  }
  return { username, password };
}

/** ElastiCache AUTH tokens are stored either as the plain token or as JSON {authToken} / {password}. */
export function parseAuthToken(arn: string, raw: string): string {
  const trimmed = raw.trim();
  if (!trimmed.startsWith("{")) return trimmed;
  try {
    const parsed = JSON.parse(trimmed) as Record<string, unknown>;
    const token = parsed.authToken ?? parsed.token ?? parsed.password;
    if (typeof token === "string" && token) return token;
  } catch {
    // fall through to the error below
  }
  throw new Error(`secret ${arn} must be a plain token or JSON with an authToken field`);
}
