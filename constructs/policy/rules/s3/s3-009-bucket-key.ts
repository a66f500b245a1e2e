import { defineRule, fail, notApplicable, pass } from "../../types";
import { blocks, flag, nested, text } from "../../values";

export default defineRule({
  id: "KIT-S3-009",
  level: "warning",
  description: "SSE-KMS default encryption uses an S3 bucket key, which cuts KMS requests (cost and throttling).",
  fix: "Set bucket_key_enabled = true in the encryption rule.",
  appliesTo: ["aws_s3_bucket_server_side_encryption_configuration"],
  check: ({ config }) => {
    const rules = blocks(config["rule"]);
    const kms = rules.filter((r) => text(nested(r, "apply_server_side_encryption_by_default")?.["sse_algorithm"])?.startsWith("aws:kms"));
    if (kms.length === 0) return notApplicable;
    return kms.every((r) => flag(r["bucket_key_enabled"], false) !== false) ? pass() : fail("bucket_key_enabled is not true");
  },
});
