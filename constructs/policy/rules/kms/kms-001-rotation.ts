import { defineRule, fail, notApplicable, pass } from "../../types";
import { flag, text } from "../../values";

export default defineRule({
  id: "KIT-KMS-001",
  level: "error",
  description: "Symmetric customer-managed keys rotate automatically.",
  fix: "Set enable_key_rotation = true (the kit's EncryptionKey does).",
  refs: { checkov: ["CKV_AWS_7"], trivy: ["AVD-AWS-0065"], fsbp: ["KMS.4"] },
  appliesTo: ["aws_kms_key"],
  check: ({ config }) => {
    const spec = text(config["customer_master_key_spec"]) ?? "SYMMETRIC_DEFAULT";
    // AWS rotates only symmetric encryption keys; asymmetric and HMAC keys cannot rotate.
    if (spec !== "SYMMETRIC_DEFAULT") return notApplicable;
    return flag(config["enable_key_rotation"], false) === false ? fail("enable_key_rotation is not true") : pass();
  },
});
