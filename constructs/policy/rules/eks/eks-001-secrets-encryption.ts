import { keyOutcome } from "../shared/key-check";
import { defineRule, fail } from "../../types";
import { blocks, nested, stringList } from "../../values";

export default defineRule({
  id: "KIT-EKS-001",
  level: "error",
  description: "Kubernetes secrets are envelope-encrypted with a customer-managed KMS key.",
  fix: 'Set encryption_config { resources = ["secrets"], provider { key_arn = the secrets key } }.',
  refs: { checkov: ["CKV_AWS_58"], trivy: ["AVD-AWS-0039"], fsbp: ["EKS.3"] },
  appliesTo: ["aws_eks_cluster"],
  check: ({ config }, context) => {
    const encryption = blocks(config["encryption_config"]).find((e) => stringList(e["resources"]).includes("secrets"));
    if (!encryption) return fail("no encryption_config covers secrets");
    return keyOutcome(nested(encryption, "provider")?.["key_arn"], "encryption_config.provider.key_arn", context);
  },
});
