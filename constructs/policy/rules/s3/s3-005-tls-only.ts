import { readPolicy, type Statement } from "../../policy-document";
import { bucketParts } from "../shared/buckets";
import { defineRule, fail, pass } from "../../types";

export default defineRule({
  id: "KIT-S3-005",
  level: "error",
  description: "Bucket policies deny every request that does not use TLS.",
  fix: 'Add a bucket policy statement: Deny, Principal "*", Action "s3:*", Condition Bool aws:SecureTransport = "false".',
  refs: { fsbp: ["S3.5"] },
  appliesTo: ["aws_s3_bucket"],
  check: (bucket, { stack }) => {
    const policies = [...bucketParts(bucket, "aws_s3_bucket_policy", stack).map((p) => p.config["policy"]), bucket.config["policy"]];
    const denies = policies.flatMap((p) => {
      const read = readPolicy(p, stack);
      return "statements" in read ? read.statements.filter(deniesPlainHttp) : [];
    });
    return denies.length > 0 ? pass() : fail("no bucket policy statement denies aws:SecureTransport = false");
  },
});

function deniesPlainHttp(s: Statement): boolean {
  if (s.effect !== "Deny" || !s.principals?.anyone) return false;
  if (!s.actions.some((a) => a === "s3:*" || a === "*")) return false;
  return Object.values(s.conditions).some((keys) =>
    Object.entries(keys).some(([k, v]) => k.toLowerCase() === "aws:securetransport" && v.includes("false")),
  );
}
