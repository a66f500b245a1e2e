import { bucketParts, isAccessLogDestination } from "../shared/buckets";
import { defineRule, fail, pass } from "../../types";

export default defineRule({
  id: "KIT-S3-004",
  level: "error",
  description: "Buckets log server access into the logs bucket (the logs bucket itself excepted).",
  fix: "Add an aws_s3_bucket_logging for the bucket with target_bucket = the logs bucket.",
  refs: { checkov: ["CKV_AWS_18"], fsbp: ["S3.9"] },
  appliesTo: ["aws_s3_bucket"],
  check: (bucket, { stack }) => {
    if (bucketParts(bucket, "aws_s3_bucket_logging", stack).length > 0 || bucket.config["logging"] !== undefined) return pass();
    // Logging the destination into itself would log every log delivery, without end.
    if (isAccessLogDestination(bucket, stack)) return pass("this bucket is the access-log destination");
    return fail("no aws_s3_bucket_logging for this bucket");
  },
});
