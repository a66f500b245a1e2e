import { mqEngine } from "../shared/brokers";
import { defineRule, failIfAny } from "../../types";
import { flag, nested } from "../../values";

export default defineRule({
  id: "KIT-MQ-003",
  level: "error",
  description: "Brokers publish general logs to CloudWatch Logs (ActiveMQ: audit logs too).",
  fix: "Set logs { general = true } (ActiveMQ: also audit = true).",
  refs: { checkov: ["CKV_AWS_48"], trivy: ["AVD-AWS-0070", "AVD-AWS-0071"], fsbp: ["MQ.2"] },
  appliesTo: ["aws_mq_broker"],
  check: ({ config }) => {
    const logs = nested(config, "logs");
    return failIfAny([
      ...(flag(logs?.["general"], false) !== true ? ["logs.general is not true"] : []),
      // RabbitMQ has no audit log; the attribute does not apply to it.
      ...(mqEngine(config) === "activemq" && flag(logs?.["audit"], false) !== true ? ["logs.audit is not true"] : []),
    ]);
  },
});
