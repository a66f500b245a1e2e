import { DATABASE_TYPES } from "../shared/databases";
import { defineRule, fail, pass } from "../../types";
import { flag } from "../../values";

export default defineRule({
  id: "KIT-RDS-012",
  level: "warning",
  description: "Snapshots inherit the database's tags (ownership and cost allocation survive a restore).",
  fix: "Set copy_tags_to_snapshot = true.",
  refs: { fsbp: ["RDS.17"] },
  appliesTo: DATABASE_TYPES,
  check: ({ config }) => (flag(config["copy_tags_to_snapshot"], false) === false ? fail("copy_tags_to_snapshot is not true") : pass()),
});
