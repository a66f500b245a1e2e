import { readFile } from "node:fs/promises";
import { credentialsFromEnv, type AwsCredentials } from "./sigv4-presign";
import { withTimeout } from "./timeout";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Role credentials wherever the code runs: the variables Lambda sets, or the endpoint EKS Pod Identity (and ECS)
 * point at with AWS_CONTAINER_CREDENTIALS_FULL_URI, authorised by the token in AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE
 * (re-read on every fetch: the kubelet rotates it). Token signers need credentials synchronously, so `current()`
 * answers from a cache that `refresh()` fills; the cache is renewed in the background well before it expires.
 */
export interface CredentialSource {
  current(): AwsCredentials;
  refresh(): Promise<AwsCredentials>;
  close(): void;
}

// Pod Identity hands out credentials for 6 hours and refreshes them itself; renewing 15 minutes ahead is ample.
const RENEW_BEFORE_EXPIRY_MS = 15 * 60 * 1000;
const RETRY_MS = 30_000;

export function roleCredentialSource(env: Env = process.env, fetchFn: typeof fetch = fetch, now: () => number = Date.now): CredentialSource {
  const uri = env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  if (!uri) {
    return { current: () => credentialsFromEnv(env), refresh: async () => credentialsFromEnv(env), close: () => undefined };
  }
  let cached: AwsCredentials | undefined;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh().catch(() => schedule(RETRY_MS)), Math.max(ms, 1000));
    timer.unref();
  };
  const refresh = async (): Promise<AwsCredentials> => {
    const tokenFile = env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE;
    const authorization = tokenFile ? (await readFile(tokenFile, "utf8")).trim() : env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
    const response = await withTimeout(
      "container credentials",
      5000,
      fetchFn(uri, { headers: authorization ? { Authorization: authorization } : {} }),
    );
    if (!response.ok) throw new Error(`container credentials endpoint answered HTTP ${response.status}`);
    const body = (await response.json()) as { AccessKeyId?: string; SecretAccessKey?: string; Token?: string; Expiration?: string };
    if (!body.AccessKeyId || !body.SecretAccessKey) throw new Error("container credentials endpoint returned no AccessKeyId/SecretAccessKey");
    cached = { accessKeyId: body.AccessKeyId, secretAccessKey: body.SecretAccessKey, ...(body.Token ? { sessionToken: body.Token } : {}) };
    const expiresAt = body.Expiration ? Date.parse(body.Expiration) : NaN;
    schedule(Number.isFinite(expiresAt) ? expiresAt - now() - RENEW_BEFORE_EXPIRY_MS : 60 * 60 * 1000);
    return cached;
  };
  return {
    current: () => {
      if (!cached) throw new Error("role credentials are not loaded yet: call refresh() before signing IAM tokens");
      return cached;
    },
    refresh,
    close: () => clearTimeout(timer),
  };
}
