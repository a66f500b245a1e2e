import { checkStatements, IDENTITY_POLICY_TYPES, identityPolicies } from "../shared/iam-statements";
import { defineRule } from "../../types";

export default defineRule({
  id: "KIT-IAM-002",
  level: "error",
  description: "Identity policies never combine Allow with NotAction (which allows everything else, including new APIs).",
  fix: "Replace NotAction with the list of allowed actions.",
  appliesTo: IDENTITY_POLICY_TYPES,
  check: (resource, { stack }) =>
    checkStatements(identityPolicies(resource), stack, (s) =>
      s.effect === "Allow" && s.notActions.length > 0 ? `allows every action except ${s.notActions.join(", ")}` : undefined,
    ),
});
