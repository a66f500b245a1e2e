import { versionOutcome } from "../shared/version-check";
import { defineRule } from "../../types";
import { text } from "../../values";

export default defineRule({
  id: "KIT-ELASTICACHE-008",
  level: "error",
  description: "Cache engine versions are pinned and supported according to the version catalog.",
  fix: "Set engine and engine_version to a supported Valkey or Redis OSS version from the version catalog.",
  appliesTo: ["aws_elasticache_replication_group"],
  check: ({ config }, context) => {
    const engine = text(config["engine"]) ?? "redis";
    return versionOutcome(engine === "valkey" ? "valkey" : "redis", config["engine_version"], engine, context);
  },
});
