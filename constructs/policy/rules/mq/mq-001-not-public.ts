import { defineRule, fail, pass } from "../../types";
import { flag } from "../../values";

export default defineRule({
  id: "KIT-MQ-001",
  level: "error",
  description: "Brokers are reachable only from inside the VPC.",
  fix: "Set publicly_accessible = false and place the broker in the data subnets.",
  refs: { checkov: ["CKV_AWS_69"], trivy: ["AVD-AWS-0072"] },
  appliesTo: ["aws_mq_broker"],
  check: ({ config }) => (flag(config["publicly_accessible"], false) === true ? fail("publicly_accessible is true") : pass()),
});
