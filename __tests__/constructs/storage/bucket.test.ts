import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Testing } from "cdktf";
import { Bucket, type BucketProps } from "../../../constructs/storage/bucket";
import { countOf, resourceAt, type SynthJson } from "../../helpers";
import { appRole, dataFixture, ref, rolePolicies, synthJson } from "../connections/fixtures";
import { roleGrantee } from "../../../constructs/core/grantee";

function build(props: Partial<BucketProps> = {}) {
  const fixture = dataFixture();
  const bucket = new Bucket(fixture.stack, "documents", {
    name: "test-documents-1",
    encryption: { kind: "kms", key: fixture.keys.byClass.storage },
    ...props,
  });
  return { ...fixture, bucket };
}

function bucketPolicy(json: SynthJson, path: string): { Statement: Record<string, unknown>[] } {
  return JSON.parse(String(resourceAt(json, "aws_s3_bucket_policy", `${path}/policy`).policy));
}

describe("Bucket (defaults)", () => {
  const { stack } = build();
  const synth = Testing.synth(stack);
  const json = synthJson(stack);
  const storageKeyArn = ref(json, "aws_kms_key", "keys/storage/key", "arn");

  it("blocks every kind of public access", () => {
    expect(synth).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it("disables ACLs", () => {
    expect(synth).toHaveResourceWithProperties(S3BucketOwnershipControls, {
      rule: { object_ownership: "BucketOwnerEnforced" },
    });
  });

  it("encrypts with the storage key and a bucket key, and refuses SSE-C", () => {
    expect(synth).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: "aws:kms",
            kms_master_key_id: storageKeyArn,
          },
          bucket_key_enabled: true,
          blocked_encryption_types: ["SSE-C"],
        },
      ],
    });
  });

  it("is versioned and cannot be destroyed while it holds objects", () => {
    expect(synth).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: "Enabled" } });
    expect(synth).toHaveResourceWithProperties(S3Bucket, { bucket: "test-documents-1", force_destroy: false });
  });

  it("aborts incomplete uploads after 7 days and expires noncurrent versions after 90", () => {
    const rules = resourceAt(json, "aws_s3_bucket_lifecycle_configuration", "documents/lifecycle").rule as Record<string, unknown>[];
    expect(rules.map((r) => r.id)).toEqual(["abort-incomplete-uploads", "noncurrent-versions"]);
    expect(rules[0]).toMatchObject({ abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }], filter: [{}] });
    expect(rules[1]).toMatchObject({
      noncurrent_version_expiration: [{ noncurrent_days: 90 }],
      expiration: [{ expired_object_delete_marker: true }],
    });
  });

  it("denies plain HTTP and TLS older than 1.2 to everyone", () => {
    const statements = bucketPolicy(json, "documents").Statement;
    expect(statements).toEqual([
      expect.objectContaining({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
      expect.objectContaining({ Sid: "DenyOutdatedTls", Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } }),
    ]);
  });

  it("has no access logging and no notifications unless asked", () => {
    expect(countOf(json, "aws_s3_bucket_logging")).toBe(0);
    expect(countOf(json, "aws_s3_bucket_notification")).toBe(0);
  });
});

describe("Bucket with access logs, transitions and expiry", () => {
  const fixture = dataFixture();
  const logs = new Bucket(fixture.stack, "logs", {
    name: "test-logs-1",
    encryption: { kind: "s3-managed" },
    transitions: { STANDARD_IA: 30 },
    expireAfterDays: 365,
  });
  new Bucket(fixture.stack, "documents", {
    name: "test-documents-1",
    encryption: { kind: "kms", key: fixture.keys.byClass.storage },
    accessLogs: logs,
    transitions: { STANDARD_IA: 30, GLACIER_IR: 90 },
    versioned: false,
    forceDestroy: true,
  });
  const synth = Testing.synth(fixture.stack);
  const json = synthJson(fixture.stack);
  const logsBucket = (attribute: string) => ref(json, "aws_s3_bucket", "logs/bucket", attribute);

  it("encrypts the log target with SSE-S3, the only encryption server access logging delivers into", () => {
    expect(synth).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [
        { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" }, blocked_encryption_types: ["SSE-C"] },
      ],
    });
  });

  it("logs access into the logs bucket under s3-access/, partitioned by date", () => {
    expect(synth).toHaveResourceWithProperties(S3BucketLoggingA, {
      target_bucket: logsBucket("id"),
      target_prefix: "s3-access/",
      target_object_key_format: { partitioned_prefix: { partition_date_source: "EventTime" } },
    });
  });

  it("lets only the logging service of this account, for the source bucket, write logs", () => {
    const delivery = bucketPolicy(json, "logs").Statement.find((s) => s.Sid === "S3ServerAccessLogsDelivery");
    expect(delivery).toEqual({
      Sid: "S3ServerAccessLogsDelivery",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${logsBucket("arn")}/s3-access/*`,
      Condition: {
        StringEquals: { "aws:SourceAccount": "${data.aws_caller_identity.aws-context-account.account_id}" },
        ArnLike: { "aws:SourceArn": [ref(json, "aws_s3_bucket", "documents/bucket", "arn")] },
      },
    });
  });

  it("moves current objects to colder classes and expires them where asked", () => {
    expect(synth).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: expect.arrayContaining([
        expect.objectContaining({
          id: "current-versions",
          transition: [
            { days: 30, storage_class: "STANDARD_IA" },
            { days: 90, storage_class: "GLACIER_IR" },
          ],
        }),
      ]),
    });
    const logRules = resourceAt(json, "aws_s3_bucket_lifecycle_configuration", "logs/lifecycle").rule as Record<string, unknown>[];
    expect(logRules.find((r) => r.id === "current-versions")).toMatchObject({ expiration: [{ days: 365 }] });
  });

  it("skips versioning and noncurrent rules for an unversioned bucket", () => {
    expect(countOf(json, "aws_s3_bucket_versioning")).toBe(1);
    const rules = resourceAt(json, "aws_s3_bucket_lifecycle_configuration", "documents/lifecycle").rule as Record<string, unknown>[];
    expect(rules.map((r) => r.id)).toEqual(["abort-incomplete-uploads", "current-versions"]);
    expect(synth).toHaveResourceWithProperties(S3Bucket, { bucket: "test-documents-1", force_destroy: true });
  });
});

describe("Bucket grants", () => {
  const { stack, bucket } = build();
  const role = appRole(stack);
  bucket.grantRead(roleGrantee(role), "uploads/");
  bucket.grantWrite(roleGrantee(role));
  bucket.grantPut(roleGrantee(role), "uploads/");
  const again = bucket.grantPut(roleGrantee(role), "uploads/");
  const json = synthJson(stack);
  const policies = rolePolicies(json);
  const arn = ref(json, "aws_s3_bucket", "documents/bucket", "arn");

  it("reads only the prefix: objects under it, listing limited to it, decrypt through S3 only", () => {
    expect(policies["documents-read-uploads"].Statement).toEqual([
      {
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:GetObjectVersion"],
        Resource: `${arn}/uploads/*`,
      },
      {
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: arn,
        Condition: { StringLike: { "s3:prefix": "uploads/*" } },
      },
      {
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: ref(json, "aws_kms_key", "keys/storage/key", "arn"),
        Condition: {
          StringEquals: {
            "kms:ViaService": "s3.${data.aws_region.aws-context-region.region}.${data.aws_partition.aws-context-partition.dns_suffix}",
          },
          StringLike: { "kms:EncryptionContext:aws:s3:arn": `${arn}*` },
        },
      },
    ]);
  });

  it("writes the whole bucket without reading it", () => {
    const [objects, key] = policies["documents-write"].Statement;
    expect(objects).toEqual({
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
      Resource: `${arn}/*`,
    });
    expect(key).toMatchObject({ Action: ["kms:GenerateDataKey", "kms:Decrypt"] });
    expect(policies["documents-write"].Statement).toHaveLength(2);
  });

  it("puts under the prefix only, and returns the same policy when asked twice", () => {
    expect(policies["documents-put-uploads"].Statement[0]).toEqual({
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
      Resource: `${arn}/uploads/*`,
    });
    expect(again.node.id).toBe("grant-put-uploads-app-role");
    expect(Object.keys(policies).filter((name) => name.startsWith("documents-"))).toHaveLength(3);
  });

  it("needs no key statement on an SSE-S3 bucket", () => {
    const fixture = dataFixture();
    const logs = new Bucket(fixture.stack, "logs", { name: "test-logs-1", encryption: { kind: "s3-managed" } });
    expect(logs.accessStatements("read").map((s) => s.Action)).toEqual([["s3:GetObject", "s3:GetObjectVersion"], "s3:ListBucket"]);
  });

  it("fails for a prefix with a leading slash or a wildcard", () => {
    expect(() => bucket.grantRead(roleGrantee(role), "/uploads")).toThrow(
      'prefix: got "/uploads"; expected a key prefix without a leading slash or wildcards',
    );
    expect(() => bucket.grantWrite(roleGrantee(role), "uploads/*")).toThrow('prefix: got "uploads/*"');
  });
});

describe("Bucket event notifications", () => {
  function withQueue() {
    const built = build();
    const queue = new SqsQueue(built.stack, "queue", { name: "uploads" });
    return { ...built, queue };
  }

  it("owns one notification resource that collects every notification", () => {
    const { stack, bucket, queue } = withQueue();
    bucket.addEventNotification({ id: "uploads", target: { queue }, events: ["s3:ObjectCreated:*"], prefix: "uploads/" });
    bucket.addEventNotification({ id: "removals", target: { queue }, events: ["s3:ObjectRemoved:*"], prefix: "uploads/" });
    const synth = Testing.synth(stack);
    expect(countOf(synthJson(stack), "aws_s3_bucket_notification")).toBe(1);
    expect(synth).toHaveResourceWithProperties(S3BucketNotification, {
      queue: [
        { id: "uploads", events: ["s3:ObjectCreated:*"], filter_prefix: "uploads/", queue_arn: "${aws_sqs_queue.queue.arn}" },
        { id: "removals", events: ["s3:ObjectRemoved:*"], filter_prefix: "uploads/", queue_arn: "${aws_sqs_queue.queue.arn}" },
      ],
    });
  });

  it("fails for a second notification with the same id", () => {
    const { bucket, queue } = withQueue();
    bucket.addEventNotification({ id: "uploads", target: { queue }, events: ["s3:ObjectCreated:*"], prefix: "a/" });
    expect(() =>
      bucket.addEventNotification({ id: "uploads", target: { queue }, events: ["s3:ObjectRemoved:*"], prefix: "b/" }),
    ).toThrow("notifications.uploads: got \"uploads\"; expected a notification id this bucket does not use yet");
  });

  it("fails for overlapping events and prefixes, which S3 would reject at apply", () => {
    const { bucket, queue } = withQueue();
    bucket.addEventNotification({ id: "all", target: { queue }, events: ["s3:ObjectCreated:*"] });
    expect(() =>
      bucket.addEventNotification({ id: "puts", target: { queue }, events: ["s3:ObjectCreated:Put"], prefix: "uploads/" }),
    ).toThrow('expected events and prefixes that do not overlap notification "all"');
  });
});

describe("Bucket props validation", () => {
  it("fails for a name S3 would refuse", () => {
    expect(() => build({ name: "Test_Documents" })).toThrow(
      'documents.name: got "Test_Documents"; expected 3-63 lower-case letters, digits and dashes',
    );
  });

  it("fails when access logs point at an SSE-KMS bucket", () => {
    const fixture = dataFixture();
    const kms = { kind: "kms", key: fixture.keys.byClass.storage } as const;
    const target = new Bucket(fixture.stack, "target", { name: "test-target-1", encryption: kms });
    expect(() => new Bucket(fixture.stack, "source", { name: "test-source-1", encryption: kms, accessLogs: target })).toThrow(
      "expected a bucket with s3-managed encryption: S3 server access logging cannot deliver into SSE-KMS buckets",
    );
  });

  it("fails for a Standard-IA transition before day 30", () => {
    expect(() => build({ transitions: { STANDARD_IA: 10 } })).toThrow(
      "documents.transitions.STANDARD_IA: got 10; expected a whole number of days of at least 30",
    );
  });

  it("fails for a colder transition within 30 days of the Standard-IA one", () => {
    expect(() => build({ transitions: { STANDARD_IA: 30, GLACIER_IR: 45 } })).toThrow(
      "documents.transitions.GLACIER_IR: got 45; expected a whole number of days of at least 60",
    );
  });

  it("fails for an expiry before the last transition", () => {
    expect(() => build({ transitions: { GLACIER_IR: 90 }, expireAfterDays: 60 })).toThrow(
      "documents.expireAfterDays: got 60; expected a whole number of days after the last transition (day 90)",
    );
  });

  it("fails for non-positive upload and version lifetimes", () => {
    expect(() => build({ abortIncompleteUploadsAfterDays: 0, noncurrentVersionExpirationDays: 1.5 })).toThrow(
      /abortIncompleteUploadsAfterDays: got 0; expected a whole number of days, at least 1[\s\S]*noncurrentVersionExpirationDays: got 1.5/,
    );
  });
});
