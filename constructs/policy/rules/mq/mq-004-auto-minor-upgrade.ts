import { defineRule, fail, pass } from "../../types";
import { flag } from "../../values";

export default defineRule({
  id: "KIT-MQ-004",
  level: "warning",
  description: "Brokers take minor engine upgrades (security patches) automatically.",
  fix: "Set auto_minor_version_upgrade = true.",
  refs: { checkov: ["CKV_AWS_207"], fsbp: ["MQ.3"] },
  appliesTo: ["aws_mq_broker"],
  check: ({ config }) =>
    flag(config["auto_minor_version_upgrade"], false) === true ? pass() : fail("auto_minor_version_upgrade is not true"),
});
