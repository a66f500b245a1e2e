import { defineRule, fail, pass } from "../../types";
import { flag, nested, stringList } from "../../values";

export default defineRule({
  id: "KIT-EKS-002",
  level: "error",
  description: "The cluster API endpoint is private, or public only to an allow-list of CIDRs (never 0.0.0.0/0).",
  fix: "Set vpc_config { endpoint_public_access = false } or list the allowed CIDRs in public_access_cidrs.",
  refs: { checkov: ["CKV_AWS_38"], trivy: ["AVD-AWS-0041"], fsbp: ["EKS.1"] },
  appliesTo: ["aws_eks_cluster"],
  check: ({ config }) => {
    const vpc = nested(config, "vpc_config");
    // The provider's default is a public endpoint open to 0.0.0.0/0.
    const isPublic = flag(vpc?.["endpoint_public_access"], true);
    if (isPublic === false) return pass();
    if (isPublic === "unknown") return pass("endpoint_public_access comes from an expression; not checked");
    const cidrs = stringList(vpc?.["public_access_cidrs"]);
    if (cidrs.length === 0) return fail("the public endpoint has no public_access_cidrs, so it is open to 0.0.0.0/0");
    const open = cidrs.filter((c) => c === "0.0.0.0/0" || c === "::/0");
    return open.length > 0 ? fail(`the public endpoint allows ${open.join(", ")}`) : pass(`public to ${cidrs.join(", ")}`);
  },
});
