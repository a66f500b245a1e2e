import { ruleSuite } from "./harness";

const BUCKET_REF = "${aws_s3_bucket.b.id}";
const bucket = (config: Record<string, unknown> = {}) => ({ aws_s3_bucket: { b: { bucket: "docs", ...config } } });
const part = (type: string, config: Record<string, unknown>, bucketRef: string = BUCKET_REF) => ({ [type]: { part: { bucket: bucketRef, ...config } } });
const pab = (config: Record<string, unknown>) => part("aws_s3_bucket_public_access_block", config);
const ALL_BLOCKED = { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true };
const sse = (byDefault: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  part("aws_s3_bucket_server_side_encryption_configuration", { rule: [{ apply_server_side_encryption_by_default: byDefault, ...extra }] });
const KMS = { sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.storage.arn}" };
const doc = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const DENY_HTTP = { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } };
const logDelivery = doc(
  { Effect: "Deny", Action: "s3:DeleteObject", Resource: "*" },
  { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
  { Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: "*" },
);
const LEGACY = "a provider 4 inline attribute of aws_s3_bucket, which an override can still write";

ruleSuite("s3", {
  "KIT-S3-001": [
    { name: "all four settings", expect: ["pass"], resources: { ...bucket(), ...pab(ALL_BLOCKED) } },
    { name: "a block attached by literal name", expect: ["pass"], resources: { ...bucket(), ...part("aws_s3_bucket_public_access_block", ALL_BLOCKED, "docs") } },
    { name: "no block", expect: ["fail", "no aws_s3_bucket_public_access_block for this bucket"], resources: bucket() },
    {
      name: "a block for another bucket",
      expect: ["fail", "no aws_s3_bucket_public_access_block for this bucket"],
      resources: { ...bucket(), ...part("aws_s3_bucket_public_access_block", ALL_BLOCKED, "${aws_s3_bucket.other.id}") },
    },
    {
      name: "settings missing",
      expect: ["fail", "block_public_policy is not true; restrict_public_buckets is not true"],
      resources: { ...bucket(), ...pab({ block_public_acls: true, block_public_policy: false, ignore_public_acls: true }) },
    },
    {
      name: "settings spread over two blocks",
      expect: ["pass"],
      resources: {
        ...bucket(),
        aws_s3_bucket_public_access_block: {
          one: { bucket: BUCKET_REF, block_public_acls: true, block_public_policy: true, ignore_public_acls: false, restrict_public_buckets: false },
          two: { bucket: BUCKET_REF, block_public_acls: false, block_public_policy: false, ignore_public_acls: true, restrict_public_buckets: true },
        },
      },
    },
  ],
  "KIT-S3-002": [
    { name: "SSE-KMS with the storage key", expect: ["pass"], resources: { ...bucket(), ...sse(KMS) } },
    { name: "a literal key ARN", expect: ["pass", 'literal key "arn:aws:kms:us-west-2:1:key/k" assumed customer-managed'], resources: { ...bucket(), ...sse({ sse_algorithm: "aws:kms", kms_master_key_id: "arn:aws:kms:us-west-2:1:key/k" }) } },
    { name: "no encryption configuration", expect: ["fail", "no default encryption configuration for this bucket"], resources: bucket() },
    {
      name: "a configuration without a default rule",
      expect: ["fail", "no default encryption configuration for this bucket"],
      resources: { ...bucket(), ...part("aws_s3_bucket_server_side_encryption_configuration", { rule: [{ bucket_key_enabled: true }] }) },
    },
    { name: "SSE-S3", expect: ["fail", "sse_algorithm is AES256 (SSE-S3), not a customer-managed KMS key"], resources: { ...bucket(), ...sse({ sse_algorithm: "AES256" }) } },
    {
      name: "SSE-S3 on the access-log destination (by logging target)",
      expect: ["pass", "SSE-S3 on an access-log destination, which cannot use SSE-KMS"],
      resources: { ...bucket(), ...sse({ sse_algorithm: "AES256" }), aws_s3_bucket_logging: { l: { bucket: "${aws_s3_bucket.docs.id}", target_bucket: BUCKET_REF, target_prefix: "s3/" } } },
    },
    {
      name: "SSE-S3 on the access-log destination (by its policy)",
      expect: ["pass", "SSE-S3 on an access-log destination, which cannot use SSE-KMS"],
      resources: { ...bucket(), ...sse({ sse_algorithm: "AES256" }), aws_s3_bucket_policy: { p: { bucket: BUCKET_REF, policy: logDelivery } } },
    },
    {
      name: "SSE-S3 on a bucket whose policy allows another service",
      expect: ["fail", "sse_algorithm is AES256 (SSE-S3), not a customer-managed KMS key"],
      resources: {
        ...bucket(),
        ...sse({ sse_algorithm: "AES256" }),
        aws_s3_bucket_policy: {
          p: { bucket: BUCKET_REF, policy: doc({ Effect: "Deny", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: "*" }, { Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject", Resource: "*" }) },
        },
      },
    },
    { name: "SSE-KMS with the AWS-managed key", expect: ["fail", "kms_master_key_id: no KMS key is set, so the service uses an AWS-managed key"], resources: { ...bucket(), ...sse({ sse_algorithm: "aws:kms" }) } },
    {
      name: "a legacy inline configuration",
      expect: ["fail", 'kms_master_key_id: "alias/aws/s3" is an AWS-managed key alias'],
      resources: bucket({ server_side_encryption_configuration: { rule: { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "alias/aws/s3" } } } }),
      rawShape: LEGACY,
    },
  ],
  "KIT-S3-003": [
    { name: "versioning enabled", expect: ["pass"], resources: { ...bucket(), ...part("aws_s3_bucket_versioning", { versioning_configuration: { status: "Enabled" } }) } },
    { name: "legacy inline versioning", expect: ["pass"], resources: bucket({ versioning: { enabled: true } }), rawShape: LEGACY },
    { name: "a versioning resource without its configuration", expect: ["fail", "no aws_s3_bucket_versioning with status Enabled for this bucket"], resources: { ...bucket(), ...part("aws_s3_bucket_versioning", {}) }, rawShape: "versioning_configuration is required; an override that drops it" },
    { name: "suspended", expect: ["fail", "no aws_s3_bucket_versioning with status Enabled for this bucket"], resources: { ...bucket(), ...part("aws_s3_bucket_versioning", { versioning_configuration: { status: "Suspended" } }) } },
    { name: "none", expect: ["fail", "no aws_s3_bucket_versioning with status Enabled for this bucket"], resources: bucket() },
  ],
  "KIT-S3-004": [
    { name: "logs into the logs bucket", expect: ["pass"], resources: { ...bucket(), ...part("aws_s3_bucket_logging", { target_bucket: "${aws_s3_bucket.logs.id}", target_prefix: "docs/" }) } },
    { name: "legacy inline logging", expect: ["pass"], resources: bucket({ logging: { target_bucket: "logs" } }), rawShape: LEGACY },
    {
      name: "the logs bucket itself",
      expect: ["pass", "this bucket is the access-log destination"],
      resources: { ...bucket(), aws_s3_bucket_logging: { l: { bucket: "${aws_s3_bucket.docs.id}", target_bucket: "docs", target_prefix: "s3/" } } },
    },
    { name: "no logging", expect: ["fail", "no aws_s3_bucket_logging for this bucket"], resources: bucket() },
    { name: "a policy that is not a document does not make a destination", expect: ["fail", "no aws_s3_bucket_logging for this bucket"], resources: { ...bucket(), aws_s3_bucket_policy: { p: { bucket: BUCKET_REF, policy: "${jsonencode(local.p)}" } } } },
  ],
  "KIT-S3-005": [
    { name: "a bucket policy denying plain HTTP", expect: ["pass"], resources: { ...bucket(), aws_s3_bucket_policy: { p: { bucket: BUCKET_REF, policy: doc(DENY_HTTP) } } } },
    {
      name: "an inline policy denying every action over plain HTTP (key case-insensitive)",
      expect: ["pass"],
      resources: bucket({ policy: doc({ ...DENY_HTTP, Action: "*", Condition: { Bool: { "AWS:SecureTransport": false } } }) }),
      rawShape: LEGACY,
    },
    {
      name: "a statement with more actions and conditions than the TLS deny needs",
      expect: ["pass"],
      resources: {
        ...bucket(),
        aws_s3_bucket_policy: {
          p: { bucket: BUCKET_REF, policy: doc({ ...DENY_HTTP, Action: ["s3:GetObject", "s3:*"], Condition: { StringEquals: { "aws:PrincipalAccount": "1" }, Bool: { "aws:ViaAWSService": "false", "aws:SecureTransport": "false" } } }) },
        },
      },
    },
    { name: "no policy", expect: ["fail", "no bucket policy statement denies aws:SecureTransport = false"], resources: bucket() },
    {
      name: "near misses",
      expect: ["fail", "no bucket policy statement denies aws:SecureTransport = false"],
      resources: {
        ...bucket(),
        aws_s3_bucket_policy: {
          p: {
            bucket: BUCKET_REF,
            policy: doc(
              { ...DENY_HTTP, Effect: "Allow" },
              { ...DENY_HTTP, Principal: undefined },
              { ...DENY_HTTP, Principal: { AWS: "arn:aws:iam::1:root" } },
              { ...DENY_HTTP, Action: "s3:GetObject" },
              { ...DENY_HTTP, Condition: { Bool: { "aws:SecureTransport": "true" } } },
              { ...DENY_HTTP, Condition: { Bool: { "aws:ViaAWSService": "false" } } },
            ),
          },
        },
      },
    },
    { name: "a policy only Terraform can render", expect: ["fail", "no bucket policy statement denies aws:SecureTransport = false"], resources: { ...bucket(), aws_s3_bucket_policy: { p: { bucket: BUCKET_REF, policy: "${jsonencode(local.p)}" } } } },
  ],
  "KIT-S3-006": [
    { name: "BucketOwnerEnforced", expect: ["pass"], resources: { ...bucket(), ...part("aws_s3_bucket_ownership_controls", { rule: { object_ownership: "BucketOwnerEnforced" } }) } },
    {
      name: "BucketOwnerPreferred",
      expect: ["fail", "object ownership is not BucketOwnerEnforced, so ACLs still grant access"],
      resources: { ...bucket(), ...part("aws_s3_bucket_ownership_controls", { rule: { object_ownership: "BucketOwnerPreferred" } }) },
    },
    { name: "none", expect: ["fail", "object ownership is not BucketOwnerEnforced, so ACLs still grant access"], resources: bucket() },
    { name: "controls without a rule", expect: ["fail", "object ownership is not BucketOwnerEnforced, so ACLs still grant access"], resources: { ...bucket(), ...part("aws_s3_bucket_ownership_controls", {}) }, rawShape: "rule is required; an override that drops it" },
  ],
  "KIT-S3-007": [
    { name: "a private ACL", expect: ["pass"], resources: part("aws_s3_bucket_acl", { acl: "private" }) },
    { name: "a bucket without an ACL", expect: ["pass"], resources: bucket() },
    { name: "public-read", expect: ["fail", "acl is public-read"], resources: part("aws_s3_bucket_acl", { acl: "public-read" }) },
    { name: "public-read-write", expect: ["fail", "acl is public-read-write"], resources: part("aws_s3_bucket_acl", { acl: "public-read-write" }) },
    { name: "authenticated-read on the bucket itself", expect: ["fail", "acl is authenticated-read"], resources: bucket({ acl: "authenticated-read" }), rawShape: LEGACY },
  ],
  "KIT-S3-008": [
    { name: "a lifecycle configuration", expect: ["pass"], resources: { ...bucket(), ...part("aws_s3_bucket_lifecycle_configuration", { rule: [{ id: "r", status: "Enabled" }] }) } },
    { name: "legacy inline lifecycle rules", expect: ["pass"], resources: bucket({ lifecycle_rule: [{ enabled: true }] }), rawShape: LEGACY },
    { name: "none", expect: ["fail", "no aws_s3_bucket_lifecycle_configuration for this bucket, so old versions accumulate"], resources: bucket() },
  ],
  "KIT-S3-009": [
    { name: "SSE-KMS with a bucket key", expect: ["pass"], resources: sse(KMS, { bucket_key_enabled: true }) },
    { name: "DSSE-KMS with a bucket key", expect: ["pass"], resources: sse({ ...KMS, sse_algorithm: "aws:kms:dsse" }, { bucket_key_enabled: true }) },
    { name: "SSE-KMS without one", expect: ["fail", "bucket_key_enabled is not true"], resources: sse(KMS) },
    {
      name: "one of two KMS rules without one",
      expect: ["fail", "bucket_key_enabled is not true"],
      resources: part("aws_s3_bucket_server_side_encryption_configuration", {
        rule: [
          { apply_server_side_encryption_by_default: KMS, bucket_key_enabled: true },
          { apply_server_side_encryption_by_default: KMS, bucket_key_enabled: false },
        ],
      }),
    },
    { name: "SSE-S3 needs none", expect: ["n/a"], resources: sse({ sse_algorithm: "AES256" }) },
    {
      name: "rules without a default or an algorithm need none",
      expect: ["n/a"],
      resources: part("aws_s3_bucket_server_side_encryption_configuration", { rule: [{ bucket_key_enabled: false }, { apply_server_side_encryption_by_default: {} }] }),
      rawShape: "sse_algorithm is required; an override that drops it",
    },
  ],
});
