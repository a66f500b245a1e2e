import { defineRule, fail, pass } from "../../types";
import { text } from "../../values";

const PUBLIC_ACLS = new Set(["public-read", "public-read-write", "authenticated-read"]);

export default defineRule({
  id: "KIT-S3-007",
  level: "error",
  description: "No bucket ACL grants access to everyone or to all authenticated AWS users.",
  fix: "Remove the canned ACL (or use private) and grant access through the bucket policy.",
  refs: { checkov: ["CKV_AWS_20", "CKV_AWS_57"] },
  appliesTo: ["aws_s3_bucket_acl", "aws_s3_bucket"],
  check: ({ config }) => {
    const acl = text(config["acl"]);
    return acl && PUBLIC_ACLS.has(acl) ? fail(`acl is ${acl}`) : pass();
  },
});
