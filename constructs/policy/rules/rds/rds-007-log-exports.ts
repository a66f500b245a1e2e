import { DATABASE_TYPES, engineOf, isMysqlFamily, isPostgres } from "../shared/databases";
import { defineRule, fail, failIfAny } from "../../types";
import { stringList } from "../../values";

export default defineRule({
  id: "KIT-RDS-007",
  level: "error",
  description: "Databases export their engine logs to CloudWatch Logs.",
  fix: 'Set enabled_cloudwatch_logs_exports (PostgreSQL: ["postgresql", "upgrade"]; MySQL: ["error", "slowquery"]).',
  refs: { checkov: ["CKV_AWS_129"], fsbp: ["RDS.9"] },
  appliesTo: DATABASE_TYPES,
  check: ({ config }) => {
    const exports = stringList(config["enabled_cloudwatch_logs_exports"]);
    const engine = engineOf(config);
    const required = isPostgres(engine) ? ["postgresql"] : isMysqlFamily(engine) ? ["error"] : [];
    if (exports.length === 0) return fail("enabled_cloudwatch_logs_exports is empty");
    return failIfAny(required.filter((r) => !exports.includes(r)).map((r) => `the ${r} log is not exported`));
  },
});
