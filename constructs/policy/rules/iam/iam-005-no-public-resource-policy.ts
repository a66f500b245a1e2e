import { hasConditions } from "../../policy-document";
import { checkStatements, isAnyone, RESOURCE_POLICY_ATTRIBUTES } from "../shared/iam-statements";
import { defineRule } from "../../types";

export default defineRule({
  id: "KIT-IAM-005",
  level: "error",
  description: 'Resource policies (bucket, queue, topic, key, secret, registry, logs) never allow a "*" principal without conditions.',
  fix: "Name the principal (account, role or service), or add conditions such as aws:SourceArn or aws:PrincipalOrgID.",
  refs: { checkov: ["CKV_AWS_70", "CKV_AWS_32"] },
  appliesTo: Object.keys(RESOURCE_POLICY_ATTRIBUTES),
  check: (resource, { stack }) => {
    const attribute = RESOURCE_POLICY_ATTRIBUTES[resource.type]!;
    return checkStatements([{ label: attribute, value: resource.config[attribute] }], stack, (s) =>
      s.effect === "Allow" && isAnyone(s) && !hasConditions(s) ? "allows any principal without conditions" : undefined,
    );
  },
});
