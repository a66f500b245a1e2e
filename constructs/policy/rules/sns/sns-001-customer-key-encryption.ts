import { keyOutcome } from "../shared/key-check";
import { defineRule } from "../../types";

export default defineRule({
  id: "KIT-SNS-001",
  level: "error",
  description: "Topics are encrypted with a customer-managed KMS key.",
  fix: "Set kms_master_key_id = a customer key whose policy lets the publishing services use it.",
  refs: { checkov: ["CKV_AWS_26"], trivy: ["AVD-AWS-0136"], fsbp: ["SNS.1"] },
  appliesTo: ["aws_sns_topic"],
  check: ({ config }, context) => keyOutcome(config["kms_master_key_id"], "kms_master_key_id", context),
});
