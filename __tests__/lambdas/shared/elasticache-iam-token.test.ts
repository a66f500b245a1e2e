import { NodeSha256 } from "../support/node-sha256";
import { SignatureV4 } from "@smithy/signature-v4";
import {
  createElastiCacheIamToken,
  elastiCacheTokenSource,
  ELASTICACHE_TOKEN_REFRESH_MS,
} from "../../../lambdas/shared/elasticache-iam-token";


const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "token/with+chars=" };
const target = { replicationGroupId: "aec-platform-prod-cache", userId: "aec-platform-prod-cache-app", region: "us-west-2" };
const now = new Date("2024-05-01T10:00:00.000Z");

/** The token is a URL without its scheme; parse it back for assertions. */
function parse(token: string): URL {
  return new URL(`http://${token}`);
}

describe("ElastiCache IAM token", () => {
  it("is a presigned connect request for the replication group and user, without the scheme", () => {
    const token = createElastiCacheIamToken(target, credentials, now);
    expect(token.startsWith("aec-platform-prod-cache/?")).toBe(true);
    const url = parse(token);
    expect(url.host).toBe("aec-platform-prod-cache");
    expect(url.pathname).toBe("/");
    expect(url.searchParams.get("Action")).toBe("connect");
    expect(url.searchParams.get("User")).toBe("aec-platform-prod-cache-app");
    expect(url.searchParams.get("X-Amz-Algorithm")).toBe("AWS4-HMAC-SHA256");
    expect(url.searchParams.get("X-Amz-Credential")).toBe("AKIDEXAMPLE/20240501/us-west-2/elasticache/aws4_request");
    expect(url.searchParams.get("X-Amz-Date")).toBe("20240501T100000Z");
    expect(url.searchParams.get("X-Amz-Expires")).toBe("900");
    expect(url.searchParams.get("X-Amz-SignedHeaders")).toBe("host");
    expect(url.searchParams.get("X-Amz-Security-Token")).toBe("token/with+chars=");
  });

  it("signs exactly as the AWS SDK's SigV4 presigner does", async () => {
    const signer = new SignatureV4({ service: "elasticache", region: "us-west-2", credentials, sha256: NodeSha256, applyChecksum: false });
    const presigned = await signer.presign(
      {
        method: "GET",
        protocol: "http:",
        hostname: target.replicationGroupId,
        path: "/",
        query: { Action: "connect", User: target.userId },
        headers: { host: target.replicationGroupId },
      },
      { expiresIn: 900, signingDate: now },
    );
    const ours = parse(createElastiCacheIamToken(target, credentials, now));
    expect(presigned.query?.["X-Amz-Signature"]).toMatch(/^[0-9a-f]{64}$/);
    expect(ours.searchParams.get("X-Amz-Signature")).toBe(presigned.query?.["X-Amz-Signature"]);
    expect(ours.searchParams.get("X-Amz-Credential")).toBe(presigned.query?.["X-Amz-Credential"]);
  });

  it("signs without a session token for long-lived credentials", () => {
    const url = parse(createElastiCacheIamToken(target, { accessKeyId: "AKID", secretAccessKey: "secret" }, now));
    expect(url.searchParams.has("X-Amz-Security-Token")).toBe(false);
  });

  it("lower-cases the replication group id, as ElastiCache stores it", () => {
    expect(parse(createElastiCacheIamToken({ ...target, replicationGroupId: "AEC-Cache" }, credentials, now)).host).toBe("aec-cache");
  });
});

describe("ElastiCache token source", () => {
  it("reuses a token while it is fresh and signs a new one after the refresh interval", () => {
    let clock = now.getTime();
    let signed = 0;
    const tokens = elastiCacheTokenSource(target, {
      credentials: () => {
        signed++;
        return credentials;
      },
      now: () => clock,
    });
    const first = tokens();
    clock += ELASTICACHE_TOKEN_REFRESH_MS - 1;
    expect(tokens()).toBe(first);
    clock += 1;
    const second = tokens();
    expect(second).not.toBe(first);
    expect(parse(second).searchParams.get("X-Amz-Date")).toBe("20240501T101000Z");
    expect(signed).toBe(2);
  });

  it("signs again when the clock moved backwards (a token from the future would be refused)", () => {
    let clock = now.getTime();
    const tokens = elastiCacheTokenSource(target, { credentials: () => credentials, now: () => clock });
    const first = tokens();
    clock -= 60_000;
    expect(tokens()).not.toBe(first);
  });

  it("refreshes well inside the 15 minutes ElastiCache accepts a token", () => {
    expect(ELASTICACHE_TOKEN_REFRESH_MS).toBeLessThan(15 * 60 * 1000);
  });

  it("says which credentials are missing when the role's are not in the environment", () => {
    const saved = { ...process.env };
    try {
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
      expect(() => elastiCacheTokenSource(target)()).toThrow(
        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are required for ElastiCache IAM authentication",
      );
    } finally {
      process.env = saved;
    }
  });
});
