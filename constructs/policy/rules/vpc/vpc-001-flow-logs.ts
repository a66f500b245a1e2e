import { defineRule, fail, pass } from "../../types";

export default defineRule({
  id: "KIT-VPC-001",
  level: "error",
  description: "Every VPC has a flow log capturing its traffic.",
  fix: "Create an aws_flow_log with vpc_id set to the VPC (the kit's Network construct does this through VpcFlowLogs).",
  refs: { checkov: ["CKV2_AWS_11"], trivy: ["AVD-AWS-0178"], fsbp: ["EC2.6"] },
  appliesTo: ["aws_vpc"],
  check: (vpc, { stack }) =>
    stack.attachedTo(vpc, "aws_flow_log", "vpc_id").length > 0 ? pass() : fail("no aws_flow_log references this VPC"),
});
