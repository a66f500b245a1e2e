import { keyOutcome } from "../shared/key-check";
import { DATABASE_TYPES } from "../shared/databases";
import { defineRule, notApplicable } from "../../types";
import { flag } from "../../values";

export default defineRule({
  id: "KIT-RDS-010",
  level: "warning",
  description: "Performance Insights data (which holds query text) is encrypted with a customer-managed key.",
  fix: "Set performance_insights_kms_key_id = the database key.",
  appliesTo: DATABASE_TYPES,
  check: ({ config }, context) =>
    flag(config["performance_insights_enabled"], false) === true
      ? keyOutcome(config["performance_insights_kms_key_id"], "performance_insights_kms_key_id", context)
      : notApplicable,
});
