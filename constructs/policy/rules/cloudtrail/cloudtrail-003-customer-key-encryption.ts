import { keyOutcome } from "../shared/key-check";
import { defineRule } from "../../types";

export default defineRule({
  id: "KIT-CLOUDTRAIL-003",
  level: "error",
  description: "Trail logs are encrypted with a customer-managed KMS key.",
  fix: "Set kms_key_id = the logs key, whose policy lets cloudtrail.amazonaws.com use it for this trail.",
  refs: { checkov: ["CKV_AWS_35"], fsbp: ["CloudTrail.2"] },
  appliesTo: ["aws_cloudtrail"],
  check: ({ config }, context) => keyOutcome(config["kms_key_id"], "kms_key_id", context),
});
