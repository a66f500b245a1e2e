import { checkStatements, IDENTITY_POLICY_TYPES, identityPolicies } from "../shared/iam-statements";
import { defineRule } from "../../types";

export default defineRule({
  id: "KIT-IAM-001",
  level: "error",
  description: 'Identity policies never allow "*" or "<service>:*" actions.',
  fix: "List the actions the principal needs (the constructs' grant methods render them).",
  refs: { checkov: ["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_49"], fsbp: ["IAM.1", "IAM.21"] },
  appliesTo: IDENTITY_POLICY_TYPES,
  check: (resource, { stack }) =>
    checkStatements(identityPolicies(resource), stack, (s) => {
      if (s.effect !== "Allow") return undefined;
      const wild = s.actions.filter((a) => a === "*" || a.endsWith(":*"));
      return wild.length > 0 ? `allows ${wild.join(", ")}` : undefined;
    }),
});
