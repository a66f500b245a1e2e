import { defineRule, failIfAny, pass } from "../../types";
import { flag } from "../../values";

export default defineRule({
  id: "KIT-ELASTICACHE-005",
  level: "error",
  description: "Where the environment asks for Multi-AZ, caches fail over automatically to a replica in another AZ.",
  fix: "Set automatic_failover_enabled = true and multi_az_enabled = true, with at least one replica.",
  refs: { fsbp: ["ElastiCache.3"] },
  appliesTo: ["aws_elasticache_replication_group"],
  check: ({ config }, { settings }) => {
    if (!settings.multiAz) return pass("not required: the environment does not ask for Multi-AZ");
    return failIfAny([
      ...(flag(config["automatic_failover_enabled"], false) === false ? ["automatic_failover_enabled is not true"] : []),
      ...(flag(config["multi_az_enabled"], false) === false ? ["multi_az_enabled is not true"] : []),
    ]);
  },
});
