import { defineRule, fail, pass } from "../../types";
import { numberOf } from "../../values";

export default defineRule({
  id: "KIT-LOG-002",
  level: "error",
  description: "CloudWatch log groups expire their events after a finite retention period.",
  fix: "Set retention_in_days to one of CloudWatch's values (e.g. the environment's logRetentionDays).",
  refs: { checkov: ["CKV_AWS_66"] },
  appliesTo: ["aws_cloudwatch_log_group"],
  check: ({ config }) => {
    const days = numberOf(config["retention_in_days"]);
    if (days === "unknown") return pass("retention comes from an expression; not checked");
    return days !== undefined && days > 0 ? pass() : fail(`retention_in_days is ${days ?? "unset"}, so events never expire`);
  },
});
