import { defineRule, fail, pass } from "../../types";
import { flag } from "../../values";

export default defineRule({
  id: "KIT-RDS-011",
  level: "warning",
  description: "Database instances take minor engine upgrades (security patches) automatically.",
  fix: "Remove auto_minor_version_upgrade = false.",
  refs: { checkov: ["CKV_AWS_226"], fsbp: ["RDS.13"] },
  appliesTo: ["aws_db_instance", "aws_rds_cluster_instance"],
  check: ({ config }) =>
    flag(config["auto_minor_version_upgrade"], true) === false ? fail("auto_minor_version_upgrade is false") : pass(),
});
