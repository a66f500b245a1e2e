import { isReplica } from "../shared/databases";
import { defineRule, fail, notApplicable, pass } from "../../types";
import { flag, isSet } from "../../values";

// Provider page db_instance: "final_snapshot_identifier ... Must not be provided when deleting a read replica";
// with skip_final_snapshot = false a replica can be neither deleted nor replaced.
export default defineRule({
  id: "KIT-RDS-017",
  level: "error",
  description: "A read replica is deleted without a final snapshot (RDS takes none of a replica), so it can be replaced or removed.",
  fix: "On a replica set skip_final_snapshot = true and remove final_snapshot_identifier; promotion can turn them back on.",
  appliesTo: ["aws_db_instance"],
  check: ({ type, config }) => {
    if (!isReplica(type, config)) return notApplicable;
    const problems: string[] = [];
    if (flag(config["skip_final_snapshot"], false) !== true) problems.push("skip_final_snapshot is not true");
    if (isSet(config["final_snapshot_identifier"])) problems.push("final_snapshot_identifier is set");
    return problems.length === 0 ? pass() : fail(`${problems.join(" and ")} on a read replica, so destroying or replacing it fails`);
  },
});
