import { bucketParts } from "../shared/buckets";
import { defineRule, fail, pass } from "../../types";
import { block, flag, nested } from "../../values";

export default defineRule({
  id: "KIT-S3-003",
  level: "error",
  description: "Buckets keep object versions, so overwrites and deletes can be undone.",
  fix: 'Add an aws_s3_bucket_versioning for the bucket with versioning_configuration { status = "Enabled" }.',
  refs: { checkov: ["CKV_AWS_21"], trivy: ["AVD-AWS-0090"] },
  appliesTo: ["aws_s3_bucket"],
  check: (bucket, { stack }) => {
    const enabled = bucketParts(bucket, "aws_s3_bucket_versioning", stack).some(
      (v) => nested(v.config, "versioning_configuration")?.["status"] === "Enabled",
    );
    const legacy = flag(block(bucket.config["versioning"])?.["enabled"], false) === true;
    return enabled || legacy ? pass() : fail("no aws_s3_bucket_versioning with status Enabled for this bucket");
  },
});
