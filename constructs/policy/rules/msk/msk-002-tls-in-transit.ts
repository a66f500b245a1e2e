import { defineRule, failIfAny } from "../../types";
import { flag, nested } from "../../values";

export default defineRule({
  id: "KIT-MSK-002",
  level: "error",
  description: "Kafka traffic is TLS-only, between clients and brokers and between brokers.",
  fix: 'Set encryption_in_transit { client_broker = "TLS", in_cluster = true } (the provider defaults).',
  refs: { checkov: ["CKV_AWS_81"], trivy: ["AVD-AWS-0073"], fsbp: ["MSK.1"] },
  appliesTo: ["aws_msk_cluster"],
  check: ({ config }) => {
    const transit = nested(config, "encryption_info", "encryption_in_transit");
    const clientBroker = transit?.["client_broker"] ?? "TLS";
    return failIfAny([
      ...(clientBroker !== "TLS" ? [`client_broker is ${JSON.stringify(clientBroker)}`] : []),
      ...(flag(transit?.["in_cluster"], true) === false ? ["in_cluster is false"] : []),
    ]);
  },
});
