import { DATABASE_TYPES, engineOf, isReplica } from "../shared/databases";
import { versionOutcome } from "../shared/version-check";
import { defineRule, notApplicable } from "../../types";
import { databaseSubject } from "../../versions";

export default defineRule({
  id: "KIT-RDS-015",
  level: "error",
  description: "Database engine versions are pinned and supported according to the version catalog.",
  fix: "Set engine_version to a supported version from the kit's version catalog.",
  appliesTo: DATABASE_TYPES,
  check: ({ type, config }, context) => {
    if (isReplica(type, config)) return notApplicable;
    const engine = engineOf(config);
    return versionOutcome(databaseSubject(engine), config["engine_version"], engine ?? "database engine", context);
  },
});
