import { defineRule, fail, pass } from "../../types";
import { nested } from "../../values";

export default defineRule({
  id: "KIT-MSK-005",
  level: "error",
  description: "Kafka brokers have no public endpoints.",
  fix: 'Remove connectivity_info.public_access or set its type to "DISABLED".',
  appliesTo: ["aws_msk_cluster"],
  check: ({ config }) => {
    const type = nested(config, "broker_node_group_info", "connectivity_info", "public_access")?.["type"];
    return type === "SERVICE_PROVIDED_EIPS" ? fail("public_access.type is SERVICE_PROVIDED_EIPS") : pass();
  },
});
