import { mqEngine } from "../shared/brokers";
import { defineRule, fail, pass } from "../../types";

export default defineRule({
  id: "KIT-MQ-005",
  level: "error",
  description: "Where the environment asks for Multi-AZ, brokers run across AZs (RabbitMQ cluster, ActiveMQ active/standby).",
  fix: 'Set deployment_mode = "CLUSTER_MULTI_AZ" (RabbitMQ) or "ACTIVE_STANDBY_MULTI_AZ" (ActiveMQ).',
  appliesTo: ["aws_mq_broker"],
  check: ({ config }, { settings }) => {
    if (!settings.multiAz) return pass("not required: the environment does not ask for Multi-AZ");
    const expected = mqEngine(config) === "rabbitmq" ? "CLUSTER_MULTI_AZ" : "ACTIVE_STANDBY_MULTI_AZ";
    const mode = config["deployment_mode"] ?? "SINGLE_INSTANCE";
    return mode === expected ? pass() : fail(`deployment_mode is ${JSON.stringify(mode)}; expected ${expected}`);
  },
});
