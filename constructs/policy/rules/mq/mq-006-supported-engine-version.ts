import { mqEngine } from "../shared/brokers";
import { versionOutcome } from "../shared/version-check";
import { defineRule } from "../../types";

export default defineRule({
  id: "KIT-MQ-006",
  level: "error",
  description: "Broker engine versions are pinned and supported according to the version catalog.",
  fix: "Set engine_version to a supported version from the version catalog.",
  appliesTo: ["aws_mq_broker"],
  check: ({ config }, context) => {
    const engine = mqEngine(config);
    const subject = engine === "rabbitmq" ? "rabbitmq" : engine === "activemq" ? "activemq" : undefined;
    return versionOutcome(subject, config["engine_version"], engine || "broker engine", context);
  },
});
