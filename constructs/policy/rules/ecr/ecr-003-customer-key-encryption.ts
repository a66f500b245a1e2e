import { keyOutcome } from "../shared/key-check";
import { defineRule, fail } from "../../types";
import { blocks } from "../../values";

export default defineRule({
  id: "KIT-ECR-003",
  level: "error",
  description: "Repositories encrypt images with a customer-managed KMS key.",
  fix: 'Set encryption_configuration { encryption_type = "KMS", kms_key = the storage key }.',
  refs: { checkov: ["CKV_AWS_136"] },
  appliesTo: ["aws_ecr_repository"],
  check: ({ config }, context) => {
    const encryption = blocks(config["encryption_configuration"])[0];
    if (encryption?.["encryption_type"] !== "KMS") return fail("encryption_type is not KMS (AES256 uses an AWS-owned key)");
    return keyOutcome(encryption["kms_key"], "encryption_configuration.kms_key", context);
  },
});
