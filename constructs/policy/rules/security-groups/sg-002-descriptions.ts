import { sgRules } from "../shared/security-group-rules";
import { defineRule, failIfAny } from "../../types";
import { text } from "../../values";

// Terraform fills an unset security group description with this text.
const TERRAFORM_DEFAULT = "Managed by Terraform";

export default defineRule({
  id: "KIT-SG-002",
  level: "error",
  description: "Security groups and their rules have descriptions saying what they admit and why.",
  fix: "Set description on the security group and on every ingress/egress rule.",
  refs: { checkov: ["CKV_AWS_23"], trivy: ["AVD-AWS-0099", "AVD-AWS-0124"] },
  appliesTo: [
    "aws_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
  ],
  check: (resource) => {
    const problems: string[] = [];
    if (resource.type === "aws_security_group") {
      const description = text(resource.config["description"]);
      if (!description || description === TERRAFORM_DEFAULT) problems.push("the security group has no description");
    }
    for (const rule of sgRules(resource)) {
      if (!rule.description) problems.push(`${rule.label || "the rule"} has no description`);
    }
    return failIfAny(problems);
  },
});
