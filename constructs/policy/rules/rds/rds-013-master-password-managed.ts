import { DATABASE_TYPES, isReplica } from "../shared/databases";
import { defineRule, fail, notApplicable, pass } from "../../types";
import { isSet } from "../../values";

export default defineRule({
  id: "KIT-RDS-013",
  level: "error",
  description: "The master password is never stored in Terraform state (write-only password_wo, or managed by RDS).",
  fix: "Replace password with password_wo and password_wo_version, fed by an ephemeral generated value.",
  appliesTo: DATABASE_TYPES,
  check: ({ type, config }) => {
    if (isReplica(type, config)) return notApplicable;
    const attribute = type === "aws_db_instance" ? "password" : "master_password";
    return isSet(config[attribute]) ? fail(`${attribute} is set, so the password is stored in Terraform state`) : pass();
  },
});
