import { readPolicy } from "../../policy-document";
import { defineRule, fail, notApplicable, pass } from "../../types";
import { identityPolicies, IDENTITY_POLICY_TYPES, RESOURCE_POLICY_ATTRIBUTES } from "../shared/iam-statements";

export default defineRule({
  id: "KIT-IAM-008",
  level: "error",
  description: "Statement ids (Sid) are unique within each policy document; IAM, KMS and S3 reject a policy that repeats one.",
  fix: "Give each statement its own Sid, or add a statement once (e.g. make the method that adds it idempotent).",
  refs: {},
  appliesTo: [...new Set([...IDENTITY_POLICY_TYPES, ...Object.keys(RESOURCE_POLICY_ATTRIBUTES)])],
  check: (resource, { stack }) => {
    const attribute = RESOURCE_POLICY_ATTRIBUTES[resource.type];
    const policies = attribute
      ? [{ label: attribute, value: resource.config[attribute] }]
      : identityPolicies(resource);
    const repeated: string[] = [];
    let read = 0;
    for (const { label, value } of policies) {
      const policy = readPolicy(value, stack);
      if ("unreadable" in policy) continue;
      read++;
      const seen = new Set<string>();
      for (const { sid } of policy.statements) {
        if (sid === undefined) continue;
        if (seen.has(sid)) repeated.push(`${label}: Sid "${sid}" appears more than once`);
        seen.add(sid);
      }
    }
    if (repeated.length > 0) return fail([...new Set(repeated)].join("; "));
    return read === 0 ? notApplicable : pass();
  },
});
