import { defineRule, fail, pass } from "../../types";
import { blocks } from "../../values";

export default defineRule({
  id: "KIT-ELASTICACHE-007",
  level: "warning",
  description: "Caches deliver their slow log to CloudWatch Logs or Kinesis Data Firehose.",
  fix: 'Add log_delivery_configuration { log_type = "slow-log", destination_type = "cloudwatch-logs", ... }.',
  appliesTo: ["aws_elasticache_replication_group"],
  check: ({ config }) =>
    blocks(config["log_delivery_configuration"]).some((c) => c["log_type"] === "slow-log")
      ? pass()
      : fail("no log_delivery_configuration for the slow log"),
});
