import { DATABASE_TYPES, isReplica } from "../shared/databases";
import { defineRule, fail, notApplicable, pass } from "../../types";
import { isSet } from "../../values";

export default defineRule({
  id: "KIT-RDS-013",
  level: "error",
  description: "The master password is managed by RDS in Secrets Manager (or write-only), never stored in Terraform state.",
  fix: "Set manage_master_user_password = true (with master_user_secret_kms_key_id = the secrets key) and remove the password.",
  appliesTo: DATABASE_TYPES,
  check: ({ type, config }) => {
    if (isReplica(type, config)) return notApplicable;
    const attribute = type === "aws_db_instance" ? "password" : "master_password";
    return isSet(config[attribute]) ? fail(`${attribute} is set, so the password is stored in Terraform state`) : pass();
  },
});
