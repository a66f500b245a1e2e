import { keyOutcome } from "../shared/key-check";
import { defineRule } from "../../types";

export default defineRule({
  id: "KIT-LOG-001",
  level: "error",
  description: "CloudWatch log groups are encrypted with a customer-managed KMS key.",
  fix: "Set kms_key_id to the logs key (keys.byClass.logs.arn) and let CloudWatch Logs use it (allowCloudWatchLogs).",
  refs: { checkov: ["CKV_AWS_158"], trivy: ["AVD-AWS-0017"] },
  appliesTo: ["aws_cloudwatch_log_group"],
  check: ({ config }, context) => keyOutcome(config["kms_key_id"], "kms_key_id", context),
});
