import { defineRule, fail, pass } from "../../types";
import { flag } from "../../values";

export default defineRule({
  id: "KIT-ELASTICACHE-006",
  level: "warning",
  description: "Caches take minor engine upgrades (security patches) automatically.",
  fix: 'Remove auto_minor_version_upgrade = "false".',
  refs: { fsbp: ["ElastiCache.2"] },
  appliesTo: ["aws_elasticache_replication_group"],
  check: ({ config }) =>
    flag(config["auto_minor_version_upgrade"], true) === false ? fail("auto_minor_version_upgrade is false") : pass(),
});
