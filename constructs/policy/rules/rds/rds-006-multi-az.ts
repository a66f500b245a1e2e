import { isReplica } from "../shared/databases";
import { defineRule, fail, notApplicable, pass } from "../../types";
import { flag } from "../../values";

export default defineRule({
  id: "KIT-RDS-006",
  level: "error",
  description: "Where the environment asks for Multi-AZ, database instances have a standby in another AZ.",
  fix: "Set multi_az = true (the environment's multiAz setting).",
  refs: { checkov: ["CKV_AWS_157"], fsbp: ["RDS.5"] },
  appliesTo: ["aws_db_instance"],
  check: ({ type, config }, { settings }) => {
    if (isReplica(type, config)) return notApplicable;
    if (!settings.multiAz) return pass("not required: the environment does not ask for Multi-AZ");
    return flag(config["multi_az"], false) === false ? fail("multi_az is not true") : pass();
  },
});
