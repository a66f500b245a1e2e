import { sgRules } from "../shared/security-group-rules";
import { defineRule, fail, pass } from "../../types";

export default defineRule({
  id: "KIT-VPC-002",
  level: "error",
  description: "Every VPC adopts its default security group with no rules, so nothing can fall back on it.",
  fix: "Add an aws_default_security_group for the VPC with no ingress and no egress blocks.",
  refs: { checkov: ["CKV2_AWS_12"], fsbp: ["EC2.2"] },
  appliesTo: ["aws_vpc"],
  check: (vpc, { stack }) => {
    const adopted = stack.attachedTo(vpc, "aws_default_security_group", "vpc_id");
    if (adopted.length === 0) return fail("the default security group is not managed, so it keeps AWS's allow rules");
    const open = adopted.filter((sg) => sgRules(sg).length > 0).map((sg) => sg.address);
    return open.length === 0 ? pass() : fail(`the default security group has rules (${open.join(", ")})`);
  },
});
