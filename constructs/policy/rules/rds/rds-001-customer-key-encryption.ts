import { customerKey } from "../../customer-key";
import { DATABASE_TYPES, isReplica } from "../shared/databases";
import { defineRule, fail, pass } from "../../types";
import { flag, isSet } from "../../values";

export default defineRule({
  id: "KIT-RDS-001",
  level: "error",
  description: "Database storage is encrypted with a customer-managed KMS key.",
  fix: "Set storage_encrypted = true and kms_key_id = the database key (keys.byClass.database.arn).",
  refs: { checkov: ["CKV_AWS_16", "CKV_AWS_96"], trivy: ["AVD-AWS-0080"], fsbp: ["RDS.3"] },
  appliesTo: DATABASE_TYPES,
  check: ({ type, config }, { stack }) => {
    if (isReplica(type, config) && !isSet(config["kms_key_id"])) return pass("replica in the source's region inherits its key");
    if (flag(config["storage_encrypted"], false) === false) return fail("storage_encrypted is not true");
    const verdict = customerKey(config["kms_key_id"], stack);
    return verdict.ok ? pass(verdict.note) : fail(`kms_key_id: ${verdict.reason}`);
  },
});
