import { SignatureV4 } from "@smithy/signature-v4";
import { createRdsIamToken, rdsIamTokenSource, RDS_TOKEN_REFRESH_MS } from "../../../lambdas/shared/rds-iam-token";
import { NodeSha256 } from "../support/node-sha256";

const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "token/with+chars=" };
const target = { host: "aec-platform-prod-db.abc123.us-west-2.rds.amazonaws.com", port: 5432, user: "aec_query", region: "us-west-2" };
const now = new Date("2024-05-01T10:00:00.000Z");
const parse = (token: string) => new URL(`https://${token}`);

describe("RDS IAM token", () => {
  it("is a presigned connect request for the endpoint, port and database user, without the scheme", () => {
    const token = createRdsIamToken(target, credentials, now);
    expect(token.startsWith(`${target.host}:5432/?`)).toBe(true);
    const url = parse(token);
    expect(url.searchParams.get("Action")).toBe("connect");
    expect(url.searchParams.get("DBUser")).toBe("aec_query");
    expect(url.searchParams.get("X-Amz-Credential")).toBe("AKIDEXAMPLE/20240501/us-west-2/rds-db/aws4_request");
    expect(url.searchParams.get("X-Amz-Expires")).toBe("900");
    expect(url.searchParams.get("X-Amz-Security-Token")).toBe("token/with+chars=");
  });

  it("signs exactly as the AWS SDK's SigV4 presigner does for rds-db (what the RDS signer uses)", async () => {
    const signer = new SignatureV4({ service: "rds-db", region: "us-west-2", credentials, sha256: NodeSha256, applyChecksum: false });
    const host = `${target.host}:5432`;
    const presigned = await signer.presign(
      { method: "GET", protocol: "https:", hostname: target.host, port: 5432, path: "/", query: { Action: "connect", DBUser: "aec_query" }, headers: { host } },
      { expiresIn: 900, signingDate: now },
    );
    expect(parse(createRdsIamToken(target, credentials, now)).searchParams.get("X-Amz-Signature")).toBe(presigned.query?.["X-Amz-Signature"]);
  });

  it("reuses a token for ten minutes, then signs a new one", () => {
    let at = now.getTime();
    let signed = 0;
    const source = rdsIamTokenSource(target, { credentials: () => (signed++, credentials), now: () => at });
    const first = source();
    at += RDS_TOKEN_REFRESH_MS - 1;
    expect(source()).toBe(first);
    at += 1;
    expect(source()).not.toBe(first);
    expect(signed).toBe(2);
  });
});
