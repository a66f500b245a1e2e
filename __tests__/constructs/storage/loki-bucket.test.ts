import { evaluate, KIT_RULES } from "../../../constructs/policy";
import { LOKI_EXPIRY_MARGIN_DAYS, lokiObjectExpiryDays } from "../../../common/loki";
import { PlatformBuckets } from "../../../constructs/storage/platform-buckets";
import { LokiBucket } from "../../../constructs/storage/loki-bucket";
import { resourceAt } from "../../helpers";
import { dataFixture, ref, synthJson } from "../connections/fixtures";

function build(retentionDays = 30) {
  const fixture = dataFixture();
  const buckets = new PlatformBuckets(fixture.stack, "buckets", { namePrefix: "aec-platform-prod", key: fixture.keys.byClass.storage });
  new LokiBucket(fixture.stack, "loki-bucket", {
    name: "aec-platform-prod-loki-123456789012",
    key: fixture.keys.byClass.logs,
    accessLogs: buckets.byPurpose.logs,
    retentionDays,
  });
  return synthJson(fixture.stack);
}

describe("LokiBucket", () => {
  const json = build(30);
  const at = (type: string, part: string) => resourceAt(json, type, `loki-bucket/${part}`);

  it("encrypts with the logs key and bucket keys, never the storage key", () => {
    const [rule] = at("aws_s3_bucket_server_side_encryption_configuration", "encryption").rule as Record<string, any>[];
    expect(rule.apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: "aws:kms",
      kms_master_key_id: ref(json, "aws_kms_key", "keys/logs/key", "arn"),
    });
    expect(rule.bucket_key_enabled).toBe(true);
  });

  it("blocks public access, denies plain HTTP and TLS before 1.2, and logs access into the logs bucket", () => {
    expect(at("aws_s3_bucket_public_access_block", "public-access-block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const policy = JSON.parse(at("aws_s3_bucket_policy", "policy").policy as string);
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(["DenyInsecureTransport", "DenyOutdatedTls"]);
    expect(at("aws_s3_bucket_logging", "access-logging").target_bucket).toBe(ref(json, "aws_s3_bucket", "buckets/logs/bucket", "id"));
  });

  it("expires objects the retention plus the margin after creation, and replaced versions after a day", () => {
    expect(LOKI_EXPIRY_MARGIN_DAYS).toBe(2);
    const rules = at("aws_s3_bucket_lifecycle_configuration", "lifecycle").rule as Record<string, any>[];
    const byId = Object.fromEntries(rules.map((r) => [r.id, r]));
    expect(byId["current-versions"].expiration).toEqual([{ days: 32 }]);
    expect(byId["noncurrent-versions"].noncurrent_version_expiration).toEqual([{ noncurrent_days: 1 }]);
    expect(byId["abort-incomplete-uploads"].abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 1 }]);
    expect(at("aws_s3_bucket_versioning", "versioning").versioning_configuration).toEqual({ status: "Enabled" });
  });

  it.each([7, 14, 30])("expires a %i-day retention's objects two days later", (days) => {
    const rules = resourceAt(build(days), "aws_s3_bucket_lifecycle_configuration", "loki-bucket/lifecycle").rule as Record<string, any>[];
    expect(rules.find((r) => r.id === "current-versions")!.expiration).toEqual([{ days: lokiObjectExpiryDays(days) }]);
    expect(lokiObjectExpiryDays(days)).toBe(days + 2);
  });

  it("passes every S3 rule of the policy pack", () => {
    const report = evaluate(json, KIT_RULES.filter((r) => r.id.startsWith("KIT-S3-")));
    const loki = report.findings.filter((f) => f.address.includes("loki-bucket"));
    expect(loki.length).toBeGreaterThan(0);
    expect(loki.filter((f) => f.status !== "pass")).toEqual([]);
  });
});
