import { mqEngine } from "../shared/brokers";
import { keyOutcome } from "../shared/key-check";
import { defineRule, fail, pass } from "../../types";
import { flag, nested } from "../../values";

export default defineRule({
  id: "KIT-MQ-002",
  level: "error",
  description: "ActiveMQ brokers encrypt data at rest with a customer-managed key (RabbitMQ brokers cannot).",
  fix: "Set encryption_options { use_aws_owned_key = false, kms_key_id = the cache/broker key }.",
  refs: { checkov: ["CKV_AWS_209"] },
  appliesTo: ["aws_mq_broker"],
  check: ({ config }, context) => {
    // Amazon MQ for RabbitMQ encrypts at rest with an AWS-owned key only; encryption_options do not apply to it.
    if (mqEngine(config) === "rabbitmq") return pass("RabbitMQ brokers support AWS-owned keys only");
    const options = nested(config, "encryption_options");
    if (flag(options?.["use_aws_owned_key"], true) !== false) return fail("encryption_options.use_aws_owned_key is not false");
    return keyOutcome(options?.["kms_key_id"], "encryption_options.kms_key_id", context);
  },
});
