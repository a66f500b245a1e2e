import { canonicalQuery, presignParams, type AwsCredentials } from "./sigv4-presign";

export { credentialsFromEnv, type AwsCredentials } from "./sigv4-presign";

const EXPIRES_SECONDS = 900;
const USER_AGENT = "aec-platform-kit-msk-iam";

/**
 * The SASL/OAUTHBEARER token MSK accepts for IAM authentication: a SigV4-presigned
 * GET https://kafka.<region>.amazonaws.com/?Action=kafka-cluster:Connect, base64url-encoded without
 * padding. The User-Agent parameter is added after signing, as MSK's own signers do.
 */
export function createMskIamToken(region: string, credentials: AwsCredentials, now: Date = new Date()): string {
  const host = `kafka.${region}.amazonaws.com`;
  const signed = presignParams({
    host,
    query: { Action: "kafka-cluster:Connect" },
    service: "kafka-cluster",
    region,
    credentials,
    expiresSeconds: EXPIRES_SECONDS,
    now,
  });
  const url = `https://${host}/?${canonicalQuery({ ...signed, "User-Agent": USER_AGENT })}`;
  return Buffer.from(url, "utf8").toString("base64url");
}
