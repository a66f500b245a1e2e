import { defineRule, fail, pass } from "../../types";
import { numberOf } from "../../values";

export default defineRule({
  id: "KIT-RDS-014",
  level: "warning",
  description: "Database instances publish enhanced (OS-level) monitoring.",
  fix: "Set monitoring_interval (e.g. 60) and monitoring_role_arn.",
  refs: { checkov: ["CKV_AWS_118"], fsbp: ["RDS.6"] },
  appliesTo: ["aws_db_instance", "aws_rds_cluster_instance"],
  check: ({ config }) => {
    const interval = numberOf(config["monitoring_interval"]);
    if (interval === "unknown") return pass("interval comes from an expression; not checked");
    return interval !== undefined && interval > 0 ? pass() : fail(`monitoring_interval is ${interval ?? "unset"}`);
  },
});
