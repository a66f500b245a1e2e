import { bucketParts } from "../shared/buckets";
import { defineRule, fail, failIfAny } from "../../types";
import { flag } from "../../values";

const SETTINGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];

export default defineRule({
  id: "KIT-S3-001",
  level: "error",
  description: "Every bucket has a public access block with all four settings on.",
  fix: "Add an aws_s3_bucket_public_access_block for the bucket with all four settings true.",
  refs: { checkov: ["CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"], trivy: ["AVD-AWS-0094"], fsbp: ["S3.8"] },
  appliesTo: ["aws_s3_bucket"],
  check: (bucket, { stack }) => {
    const blocks = bucketParts(bucket, "aws_s3_bucket_public_access_block", stack);
    if (blocks.length === 0) return fail("no aws_s3_bucket_public_access_block for this bucket");
    return failIfAny(SETTINGS.filter((s) => !blocks.some((b) => flag(b.config[s], false) !== false)).map((s) => `${s} is not true`));
  },
});
