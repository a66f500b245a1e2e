import { bucketParts } from "../shared/buckets";
import { defineRule, fail, pass } from "../../types";

export default defineRule({
  id: "KIT-S3-008",
  level: "warning",
  description: "Buckets have lifecycle rules (expire noncurrent versions, abort incomplete multipart uploads).",
  fix: "Add an aws_s3_bucket_lifecycle_configuration for the bucket.",
  refs: { checkov: ["CKV2_AWS_61"], fsbp: ["S3.13"] },
  appliesTo: ["aws_s3_bucket"],
  check: (bucket, { stack }) =>
    bucketParts(bucket, "aws_s3_bucket_lifecycle_configuration", stack).length > 0 || bucket.config["lifecycle_rule"] !== undefined
      ? pass()
      : fail("no aws_s3_bucket_lifecycle_configuration for this bucket, so old versions accumulate"),
});
