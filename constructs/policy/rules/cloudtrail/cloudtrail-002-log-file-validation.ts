import { defineRule, fail, pass } from "../../types";
import { flag } from "../../values";

export default defineRule({
  id: "KIT-CLOUDTRAIL-002",
  level: "error",
  description: "Trails write digest files, so tampering with delivered logs is detectable.",
  fix: "Set enable_log_file_validation = true.",
  refs: { checkov: ["CKV_AWS_36"], fsbp: ["CloudTrail.4"] },
  appliesTo: ["aws_cloudtrail"],
  check: ({ config }) =>
    flag(config["enable_log_file_validation"], false) === true ? pass() : fail("enable_log_file_validation is not true"),
});
