import { keyOutcome } from "../shared/key-check";
import { defineRule } from "../../types";
import { nested } from "../../values";

export default defineRule({
  id: "KIT-MSK-001",
  level: "error",
  description: "Kafka data at rest is encrypted with a customer-managed KMS key.",
  fix: "Set encryption_info { encryption_at_rest_kms_key_arn = the cache/broker key }.",
  refs: { trivy: ["AVD-AWS-0179"] },
  appliesTo: ["aws_msk_cluster"],
  check: ({ config }, context) =>
    keyOutcome(nested(config, "encryption_info")?.["encryption_at_rest_kms_key_arn"], "encryption_at_rest_kms_key_arn", context),
});
