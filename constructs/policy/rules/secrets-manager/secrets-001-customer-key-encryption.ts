import { keyOutcome } from "../shared/key-check";
import { defineRule } from "../../types";

export default defineRule({
  id: "KIT-SECRETS-001",
  level: "error",
  description: "Secrets are encrypted with a customer-managed KMS key.",
  fix: "Set kms_key_id = the secrets key (keys.byClass.secrets.arn).",
  refs: { checkov: ["CKV_AWS_149"], trivy: ["AVD-AWS-0098"] },
  appliesTo: ["aws_secretsmanager_secret"],
  check: ({ config }, context) => keyOutcome(config["kms_key_id"], "kms_key_id", context),
});
