import { defineRule, fail, pass } from "../../types";
import { numberOf } from "../../values";

const PROTECTED_RETENTION_DAYS = 7;

export default defineRule({
  id: "KIT-ELASTICACHE-004",
  level: "error",
  description: "Where the environment protects its data, caches keep at least 7 days of automatic snapshots.",
  fix: "Set snapshot_retention_limit to 7 or more (and a snapshot_window).",
  refs: { trivy: ["AVD-AWS-0050"], fsbp: ["ElastiCache.1"] },
  appliesTo: ["aws_elasticache_replication_group"],
  check: ({ config }, { settings }) => {
    if (!settings.deletionProtection) return pass("not required: the environment does not ask for data protection");
    const days = numberOf(config["snapshot_retention_limit"]);
    if (days === "unknown") return pass("retention comes from an expression; not checked");
    return days !== undefined && days >= PROTECTED_RETENTION_DAYS
      ? pass()
      : fail(`snapshot_retention_limit is ${days ?? "unset (no snapshots)"}; at least ${PROTECTED_RETENTION_DAYS} required`);
  },
});
