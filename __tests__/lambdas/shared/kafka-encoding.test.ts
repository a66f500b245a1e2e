import { NodeSha256 } from "../support/node-sha256";
import { SignatureV4 } from "@smithy/signature-v4";
import { encodeKafkaRecord } from "../../../lambdas/shared/kafka-publisher";
import { createMskIamToken, credentialsFromEnv } from "../../../lambdas/shared/msk-iam-token";

/*
 * No Kafka broker (let alone MSK) is reachable from the tests, so the Kafka publisher is covered at the
 * boundary it controls: the record it hands to kafkajs and the IAM token it presents.
 */

const event = {
  id: "0b6c1e4e-8d1f-8c1a-9f00-0123456789ab",
  type: "file.uploaded",
  key: "tower-7",
  occurredAt: "2024-05-01T10:00:00.000Z",
  payload: { fileId: "f-1", fileName: "Level 3.rvt" },
};

describe("Kafka record encoding", () => {
  it("keys by project, carries the shared JSON body and envelope headers", () => {
    const record = encodeKafkaRecord(event);
    expect(record.key).toBe("tower-7");
    expect(record.headers).toEqual({ "event-id": event.id, "event-type": "file.uploaded", "content-type": "application/json" });
    expect(record.timestamp).toBe(String(Date.parse("2024-05-01T10:00:00.000Z")));
    expect(JSON.parse(record.value.toString("utf8"))).toEqual({
      id: event.id,
      type: "file.uploaded",
      occurredAt: "2024-05-01T10:00:00.000Z",
      data: { fileId: "f-1", fileName: "Level 3.rvt" },
    });
  });

  it("encodes the same event identically every time (stable id, stable bytes)", () => {
    expect(encodeKafkaRecord(event)).toEqual(encodeKafkaRecord({ ...event }));
  });
});


describe("MSK IAM token", () => {
  const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "token/with+chars=" };
  const now = new Date("2024-05-01T10:00:00.000Z");

  it("is a base64url presigned kafka-cluster:Connect URL without padding", () => {
    const token = createMskIamToken("us-west-2", credentials, now);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    const url = new URL(Buffer.from(token, "base64url").toString("utf8"));
    expect(url.host).toBe("kafka.us-west-2.amazonaws.com");
    expect(url.searchParams.get("Action")).toBe("kafka-cluster:Connect");
    expect(url.searchParams.get("X-Amz-Credential")).toBe("AKIDEXAMPLE/20240501/us-west-2/kafka-cluster/aws4_request");
    expect(url.searchParams.get("X-Amz-Expires")).toBe("900");
    expect(url.searchParams.get("X-Amz-Security-Token")).toBe("token/with+chars=");
    expect(url.searchParams.get("User-Agent")).toBeTruthy();
  });

  it("signs exactly as the AWS SDK's SigV4 presigner does", async () => {
    const signer = new SignatureV4({ service: "kafka-cluster", region: "us-west-2", credentials, sha256: NodeSha256, applyChecksum: false });
    const presigned = await signer.presign(
      {
        method: "GET",
        protocol: "https:",
        hostname: "kafka.us-west-2.amazonaws.com",
        path: "/",
        query: { Action: "kafka-cluster:Connect" },
        headers: { host: "kafka.us-west-2.amazonaws.com" },
      },
      { expiresIn: 900, signingDate: now },
    );
    const ours = new URL(Buffer.from(createMskIamToken("us-west-2", credentials, now), "base64url").toString("utf8"));
    expect(presigned.query?.["X-Amz-Signature"]).toMatch(/^[0-9a-f]{64}$/);
    expect(ours.searchParams.get("X-Amz-Signature")).toBe(presigned.query?.["X-Amz-Signature"]);
    expect(ours.searchParams.get("X-Amz-Date")).toBe(presigned.query?.["X-Amz-Date"]);
  });

  it("takes Lambda's role credentials from the environment and says which are missing", () => {
    expect(credentialsFromEnv({ AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b", AWS_SESSION_TOKEN: "c" })).toEqual({
      accessKeyId: "a",
      secretAccessKey: "b",
      sessionToken: "c",
    });
    expect(() => credentialsFromEnv({})).toThrow(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
  });
});
