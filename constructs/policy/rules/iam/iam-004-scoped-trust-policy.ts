import { conditionKeys, hasConditions, type Statement } from "../../policy-document";
import { checkStatements, isAnyone } from "../shared/iam-statements";
import { defineRule } from "../../types";

export default defineRule({
  id: "KIT-IAM-004",
  level: "error",
  description: "Role trust policies name their principals; web-identity trust is scoped to a service account (sub).",
  fix: 'Trust a named service, account or role; for OIDC, add a StringEquals condition on "<issuer>:sub".',
  refs: { checkov: ["CKV_AWS_60"] },
  appliesTo: ["aws_iam_role"],
  check: ({ config }, { stack }) =>
    checkStatements([{ label: "assume_role_policy", value: config["assume_role_policy"] }], stack, trustProblem),
});

function trustProblem(s: Statement): string | undefined {
  if (s.effect !== "Allow") return undefined;
  if (isAnyone(s) && !hasConditions(s)) return "lets any AWS principal assume the role";
  const webIdentity = s.actions.some((a) => a.toLowerCase() === "sts:assumerolewithwebidentity");
  if (webIdentity && (s.principals?.federated.length ?? 0) > 0 && !conditionKeys(s).some((k) => k.endsWith(":sub"))) {
    return "lets every identity of the OIDC provider assume the role (no :sub condition)";
  }
  return undefined;
}
