import { defineRule, fail, pass } from "../../types";
import { isSet } from "../../values";

export default defineRule({
  id: "KIT-CLOUDTRAIL-004",
  level: "warning",
  description: "Trails also deliver to CloudWatch Logs, where alarms and queries can use them.",
  fix: "Set cloud_watch_logs_group_arn (\"<log group arn>:*\") and cloud_watch_logs_role_arn.",
  refs: { fsbp: ["CloudTrail.5"] },
  appliesTo: ["aws_cloudtrail"],
  check: ({ config }) =>
    isSet(config["cloud_watch_logs_group_arn"]) ? pass() : fail("no cloud_watch_logs_group_arn"),
});
