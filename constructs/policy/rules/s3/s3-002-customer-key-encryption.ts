import { customerKey } from "../../customer-key";
import { bucketParts, isAccessLogDestination } from "../shared/buckets";
import { defineRule, fail, pass } from "../../types";
import { block, blocks, nested, text } from "../../values";

export default defineRule({
  id: "KIT-S3-002",
  level: "error",
  description: "Buckets encrypt by default with SSE-KMS under a customer-managed key (access-log buckets: SSE-S3).",
  fix: 'Add an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm = "aws:kms" and kms_master_key_id = the storage key.',
  refs: { checkov: ["CKV_AWS_145"], trivy: ["AVD-AWS-0132"] },
  appliesTo: ["aws_s3_bucket"],
  check: (bucket, { stack }) => {
    const legacy = block(bucket.config["server_side_encryption_configuration"]);
    const configs = [
      ...bucketParts(bucket, "aws_s3_bucket_server_side_encryption_configuration", stack).map((r) => r.config),
      ...(legacy ? [legacy] : []),
    ];
    const defaults = configs
      .flatMap((c) => blocks(c["rule"]))
      .map((rule) => nested(rule, "apply_server_side_encryption_by_default"))
      .filter((d) => d !== undefined);
    if (defaults.length === 0) return fail("no default encryption configuration for this bucket");
    const algorithm = text(defaults[0]!["sse_algorithm"]);
    if (algorithm === "AES256") {
      // S3 server access log delivery cannot write into an SSE-KMS bucket.
      return isAccessLogDestination(bucket, stack)
        ? pass("SSE-S3 on an access-log destination, which cannot use SSE-KMS")
        : fail("sse_algorithm is AES256 (SSE-S3), not a customer-managed KMS key");
    }
    const verdict = customerKey(defaults[0]!["kms_master_key_id"], stack);
    return verdict.ok ? pass(verdict.note) : fail(`kms_master_key_id: ${verdict.reason}`);
  },
});
