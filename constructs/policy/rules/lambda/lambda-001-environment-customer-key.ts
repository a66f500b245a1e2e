import { keyOutcome } from "../shared/key-check";
import { defineRule, notApplicable } from "../../types";
import { isObject, nested } from "../../values";

export default defineRule({
  id: "KIT-LAMBDA-001",
  level: "error",
  description: "Functions with environment variables encrypt them with a customer-managed KMS key.",
  fix: "Set kms_key_arn = the secrets key and let the function role decrypt with it.",
  refs: { checkov: ["CKV_AWS_173"] },
  appliesTo: ["aws_lambda_function"],
  check: ({ config }, context) => {
    const variables = nested(config, "environment")?.["variables"];
    if (!isObject(variables) || Object.keys(variables).length === 0) return notApplicable;
    return keyOutcome(config["kms_key_arn"], "kms_key_arn", context);
  },
});
