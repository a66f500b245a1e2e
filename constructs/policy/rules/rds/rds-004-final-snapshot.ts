import { DATABASE_TYPES, isReplica } from "../shared/databases";
import { defineRule, fail, notApplicable, pass } from "../../types";
import { flag, isSet } from "../../values";

export default defineRule({
  id: "KIT-RDS-004",
  level: "error",
  description: "Where the environment protects its data, deleting a database leaves a final snapshot.",
  fix: "Set skip_final_snapshot = false and a final_snapshot_identifier.",
  appliesTo: DATABASE_TYPES,
  check: ({ type, config }, { settings }) => {
    if (isReplica(type, config)) return notApplicable;
    if (!settings.deletionProtection) return pass("not required: the environment does not ask for deletion protection");
    if (flag(config["skip_final_snapshot"], false) === true) return fail("skip_final_snapshot is true");
    return isSet(config["final_snapshot_identifier"])
      ? pass()
      : fail("final_snapshot_identifier is unset, so terraform destroy cannot take the final snapshot");
  },
});
