import { versionOutcome } from "../shared/version-check";
import { defineRule } from "../../types";

export default defineRule({
  id: "KIT-MSK-006",
  level: "error",
  description: "Kafka versions are pinned and supported according to the version catalog.",
  fix: "Set kafka_version to a supported version from the version catalog.",
  appliesTo: ["aws_msk_cluster"],
  check: ({ config }, context) => versionOutcome("kafka", config["kafka_version"], "Kafka", context),
});
