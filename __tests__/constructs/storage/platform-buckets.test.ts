import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Testing } from "cdktf";
import { PlatformBuckets, type PlatformBucketsProps } from "../../../constructs/storage/platform-buckets";
import { countOf, resourceAt } from "../../helpers";
import { dataFixture, ref, synthJson } from "../connections/fixtures";

function build(props: Partial<PlatformBucketsProps> = {}) {
  const fixture = dataFixture();
  const buckets = new PlatformBuckets(fixture.stack, "buckets", {
    namePrefix: "aec-platform-prod",
    key: fixture.keys.byClass.storage,
    ...props,
  });
  return { ...fixture, buckets, json: synthJson(fixture.stack), synth: Testing.synth(fixture.stack) };
}

describe("PlatformBuckets (prod shape: account-id suffix, defaults)", () => {
  const { buckets, json, synth } = build();

  it("names each bucket <prefix>-<purpose>-<account id>, so names are unique without a registry", () => {
    const account = "${data.aws_caller_identity.aws-context-account.account_id}";
    for (const purpose of ["documents", "backups", "logs"]) {
      expect(synth).toHaveResourceWithProperties(S3Bucket, { bucket: `aec-platform-prod-${purpose}-${account}`, force_destroy: false });
    }
    expect(Object.keys(buckets.byPurpose)).toEqual(["documents", "backups", "logs"]);
  });

  it("logs documents and backups into the logs bucket, and nothing into documents", () => {
    expect(countOf(json, "aws_s3_bucket_logging")).toBe(2);
    const logsBucket = ref(json, "aws_s3_bucket", "buckets/logs/bucket", "id");
    for (const purpose of ["documents", "backups"]) {
      expect(resourceAt(json, "aws_s3_bucket_logging", `buckets/${purpose}/access-logging`).target_bucket).toBe(logsBucket);
    }
  });

  it("encrypts documents and backups with the storage key, logs with SSE-S3", () => {
    const algorithm = (purpose: string) =>
      (resourceAt(json, "aws_s3_bucket_server_side_encryption_configuration", `buckets/${purpose}/encryption`).rule as {
        apply_server_side_encryption_by_default: { sse_algorithm: string };
      }[])[0].apply_server_side_encryption_by_default.sse_algorithm;
    expect([algorithm("documents"), algorithm("backups"), algorithm("logs")]).toEqual(["aws:kms", "aws:kms", "AES256"]);
  });

  it("moves documents to Standard-IA at 30 days and Glacier IR at 90; backups to Glacier IR at 30", () => {
    const transitions = (purpose: string) =>
      (resourceAt(json, "aws_s3_bucket_lifecycle_configuration", `buckets/${purpose}/lifecycle`).rule as Record<string, unknown>[]).find(
        (r) => r.id === "current-versions",
      )?.transition;
    expect(transitions("documents")).toEqual([
      { days: 30, storage_class: "STANDARD_IA" },
      { days: 90, storage_class: "GLACIER_IR" },
    ]);
    expect(transitions("backups")).toEqual([{ days: 30, storage_class: "GLACIER_IR" }]);
  });

  it("expires access logs after a year by default", () => {
    const rules = resourceAt(json, "aws_s3_bucket_lifecycle_configuration", "buckets/logs/lifecycle").rule as Record<string, unknown>[];
    expect(rules.find((r) => r.id === "current-versions")).toMatchObject({ expiration: [{ days: 365 }] });
  });
});

describe("PlatformBuckets (dev shape: fixed suffix, short retention, force destroy)", () => {
  const { synth, json } = build({
    namePrefix: "aec-platform-dev",
    nameSuffix: "acme",
    noncurrentVersionExpirationDays: 7,
    accessLogExpirationDays: 90,
    forceDestroy: true,
  });

  it("uses the fixed suffix instead of the account id", () => {
    expect(synth).toHaveResourceWithProperties(S3Bucket, { bucket: "aec-platform-dev-documents-acme", force_destroy: true });
  });

  it("applies the shorter lifetimes", () => {
    const rules = resourceAt(json, "aws_s3_bucket_lifecycle_configuration", "buckets/logs/lifecycle").rule as Record<string, unknown>[];
    expect(rules.find((r) => r.id === "current-versions")).toMatchObject({ expiration: [{ days: 90 }] });
    expect(rules.find((r) => r.id === "noncurrent-versions")).toMatchObject({ noncurrent_version_expiration: [{ noncurrent_days: 7 }] });
  });
});
