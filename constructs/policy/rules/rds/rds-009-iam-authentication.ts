import { DATABASE_TYPES, isReplica } from "../shared/databases";
import { defineRule, fail, notApplicable, pass } from "../../types";
import { flag } from "../../values";

export default defineRule({
  id: "KIT-RDS-009",
  level: "warning",
  description: "Databases accept IAM authentication, so workloads need no long-lived database passwords.",
  fix: "Set iam_database_authentication_enabled = true.",
  refs: { checkov: ["CKV_AWS_161"], fsbp: ["RDS.10"] },
  appliesTo: DATABASE_TYPES,
  check: ({ type, config }) => {
    if (isReplica(type, config)) return notApplicable;
    return flag(config["iam_database_authentication_enabled"], false) === false
      ? fail("iam_database_authentication_enabled is not true")
      : pass();
  },
});
