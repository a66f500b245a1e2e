import { DATABASE_TYPES } from "../shared/databases";
import { defineRule, fail, pass } from "../../types";
import { flag } from "../../values";

// RDS User Guide, "Password management with Amazon RDS and AWS Secrets Manager", limitations: a read replica cannot
// be created from a source whose master password RDS manages, so such a database can never get a recovery replica.
export default defineRule({
  id: "KIT-RDS-016",
  level: "error",
  description: "The master password is not managed by RDS (manage_master_user_password), which rules out read replicas of the database.",
  fix: "Remove manage_master_user_password; pass an ephemeral password write-only (password_wo) and keep it in a secret of your own (secret_string_wo).",
  appliesTo: DATABASE_TYPES,
  check: ({ config }) =>
    flag(config["manage_master_user_password"], false) === true
      ? fail("manage_master_user_password is true, so RDS refuses to create a read replica of this database (disaster recovery)")
      : pass(),
});
