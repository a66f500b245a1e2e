import { defineRule, fail, pass } from "../../types";
import { nested, stringList } from "../../values";

export default defineRule({
  id: "KIT-LAMBDA-005",
  level: "warning",
  description: "Functions run in the VPC's private subnets, behind security groups.",
  fix: "Set vpc_config { subnet_ids = private subnets, security_group_ids = [...] }.",
  refs: { checkov: ["CKV_AWS_117"], fsbp: ["Lambda.3"] },
  appliesTo: ["aws_lambda_function"],
  check: ({ config }) =>
    stringList(nested(config, "vpc_config")?.["subnet_ids"]).length > 0 ? pass() : fail("no vpc_config subnets"),
});
