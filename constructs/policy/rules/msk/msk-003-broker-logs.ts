import { defineRule, fail, pass } from "../../types";
import { flag, nested } from "../../values";

export default defineRule({
  id: "KIT-MSK-003",
  level: "error",
  description: "Kafka brokers ship their logs to CloudWatch Logs, Firehose or S3.",
  fix: "Set logging_info { broker_logs { cloudwatch_logs { enabled = true, log_group = ... } } }.",
  refs: { checkov: ["CKV_AWS_80"], trivy: ["AVD-AWS-0074"] },
  appliesTo: ["aws_msk_cluster"],
  check: ({ config }) => {
    const logs = nested(config, "logging_info", "broker_logs");
    const enabled = ["cloudwatch_logs", "firehose", "s3"].some((d) => flag(nested(logs, d)?.["enabled"], false) === true);
    return enabled ? pass() : fail("no broker log destination is enabled");
  },
});
