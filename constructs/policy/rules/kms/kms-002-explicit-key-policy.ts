import { defineRule, fail, pass } from "../../types";
import { isSet } from "../../values";

export default defineRule({
  id: "KIT-KMS-002",
  level: "warning",
  description: "Customer-managed keys carry an explicit key policy instead of the default one.",
  fix: "Set policy on the aws_kms_key or add an aws_kms_key_policy (EncryptionKey renders one).",
  refs: { checkov: ["CKV2_AWS_64"] },
  appliesTo: ["aws_kms_key"],
  check: (key, { stack }) =>
    isSet(key.config["policy"]) || stack.attachedTo(key, "aws_kms_key_policy", "key_id").length > 0
      ? pass()
      : fail("no key policy, so the default policy applies"),
});
