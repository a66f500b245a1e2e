import { bucketParts } from "../shared/buckets";
import { defineRule, fail, pass } from "../../types";
import { nested } from "../../values";

export default defineRule({
  id: "KIT-S3-006",
  level: "error",
  description: "Buckets disable ACLs (object ownership BucketOwnerEnforced), so access is decided by policies alone.",
  fix: 'Add an aws_s3_bucket_ownership_controls for the bucket with rule { object_ownership = "BucketOwnerEnforced" }.',
  refs: { checkov: ["CKV2_AWS_65"], fsbp: ["S3.12"] },
  appliesTo: ["aws_s3_bucket"],
  check: (bucket, { stack }) =>
    bucketParts(bucket, "aws_s3_bucket_ownership_controls", stack).some(
      (o) => nested(o.config, "rule")?.["object_ownership"] === "BucketOwnerEnforced",
    )
      ? pass()
      : fail("object ownership is not BucketOwnerEnforced, so ACLs still grant access"),
});
