import { DATABASE_TYPES } from "../shared/databases";
import { defineRule, fail, pass } from "../../types";
import { flag } from "../../values";

export default defineRule({
  id: "KIT-RDS-005",
  level: "error",
  description: "Where the environment protects its data, databases have deletion protection on.",
  fix: "Set deletion_protection = true (the environment's deletionProtection setting).",
  refs: { trivy: ["AVD-AWS-0177"], fsbp: ["RDS.8"] },
  appliesTo: DATABASE_TYPES,
  check: ({ config }, { settings }) => {
    if (!settings.deletionProtection) return pass("not required: the environment does not ask for deletion protection");
    return flag(config["deletion_protection"], false) === false ? fail("deletion_protection is not true") : pass();
  },
});
