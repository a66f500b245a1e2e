import { DATABASE_TYPES, isReplica } from "../shared/databases";
import { defineRule, fail, notApplicable, pass } from "../../types";
import { numberOf } from "../../values";

export default defineRule({
  id: "KIT-RDS-003",
  level: "error",
  description: "Automated backups are kept for at least the minimum retention (7 days by default).",
  fix: "Set backup_retention_period to at least 7 (30 in production).",
  refs: { trivy: ["AVD-AWS-0077"], fsbp: ["RDS.11"] },
  appliesTo: DATABASE_TYPES,
  check: ({ type, config }, { settings }) => {
    if (isReplica(type, config)) return notApplicable;
    const days = numberOf(config["backup_retention_period"]);
    if (days === "unknown") return pass("retention comes from an expression; not checked");
    return days !== undefined && days >= settings.minBackupRetentionDays
      ? pass()
      : fail(`backup_retention_period is ${days ?? "unset (AWS keeps 1 day)"}; at least ${settings.minBackupRetentionDays} required`);
  },
});
