import { defineRule, fail, pass } from "../../types";

export default defineRule({
  id: "KIT-VPC-003",
  level: "warning",
  description: "Flow logs record all traffic, accepted and rejected.",
  fix: 'Set traffic_type = "ALL" on the aws_flow_log.',
  appliesTo: ["aws_flow_log"],
  check: ({ config }) =>
    config["traffic_type"] === "ALL" ? pass() : fail(`traffic_type is ${JSON.stringify(config["traffic_type"] ?? null)}`),
});
