import { keyOutcome } from "../shared/key-check";
import { defineRule, fail } from "../../types";
import { flag } from "../../values";

export default defineRule({
  id: "KIT-ELASTICACHE-001",
  level: "error",
  description: "Cache data at rest is encrypted with a customer-managed KMS key.",
  fix: 'Set at_rest_encryption_enabled = "true" and kms_key_id = the cache key.',
  refs: { checkov: ["CKV_AWS_29"], trivy: ["AVD-AWS-0045"], fsbp: ["ElastiCache.4"] },
  appliesTo: ["aws_elasticache_replication_group", "aws_elasticache_serverless_cache"],
  check: ({ type, config }, context) => {
    // Serverless caches are always encrypted at rest; only the key is a choice.
    if (type === "aws_elasticache_replication_group" && flag(config["at_rest_encryption_enabled"], false) !== true) {
      return fail("at_rest_encryption_enabled is not true");
    }
    return keyOutcome(config["kms_key_id"], "kms_key_id", context);
  },
});
