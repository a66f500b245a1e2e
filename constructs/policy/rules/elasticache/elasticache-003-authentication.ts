import { defineRule, fail, pass } from "../../types";
import { isSet } from "../../values";

export default defineRule({
  id: "KIT-ELASTICACHE-003",
  level: "error",
  description: "Caches require authentication (an AUTH token or RBAC user groups).",
  fix: "Set user_group_ids (RBAC users whose passwords live in Secrets Manager) or auth_token.",
  refs: { checkov: ["CKV_AWS_31"] },
  appliesTo: ["aws_elasticache_replication_group"],
  check: ({ config }) =>
    isSet(config["auth_token"]) || isSet(config["user_group_ids"]) ? pass() : fail("neither auth_token nor user_group_ids is set"),
});
