import { defineRule, fail, pass } from "../../types";
import { flag } from "../../values";

export default defineRule({
  id: "KIT-ELASTICACHE-002",
  level: "error",
  description: "Caches require TLS from clients and between nodes.",
  fix: 'Set transit_encryption_enabled = true and transit_encryption_mode = "required" (or leave the mode unset).',
  refs: { checkov: ["CKV_AWS_30"], trivy: ["AVD-AWS-0051"], fsbp: ["ElastiCache.5"] },
  appliesTo: ["aws_elasticache_replication_group"],
  check: ({ config }) => {
    if (flag(config["transit_encryption_enabled"], false) !== true) return fail("transit_encryption_enabled is not true");
    return config["transit_encryption_mode"] === "preferred"
      ? fail('transit_encryption_mode is "preferred", so plaintext clients are still accepted')
      : pass();
  },
});
