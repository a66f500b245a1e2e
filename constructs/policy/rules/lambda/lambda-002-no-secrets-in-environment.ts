import { defineRule, failIfAny, notApplicable } from "../../types";
import { isExpression, isObject, nested } from "../../values";

// Names that announce a credential; *_ARN, *_NAME and *_ID variables point at one and are fine.
const SECRET_NAME = /(^|_)(PASSWORD|PASSWD|PASS|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH)$/i;
const ACCESS_KEY_ID = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;

export default defineRule({
  id: "KIT-LAMBDA-002",
  level: "error",
  description: "Function environments hold references to secrets (ARNs, names), never secret values.",
  fix: "Put the value in Secrets Manager, pass its ARN (e.g. DB_SECRET_ARN) and read it at cold start.",
  refs: { checkov: ["CKV_AWS_45"] },
  appliesTo: ["aws_lambda_function"],
  check: ({ config }) => {
    const variables = nested(config, "environment")?.["variables"];
    if (!isObject(variables)) return notApplicable;
    return failIfAny(
      Object.entries(variables)
        .filter(([name, value]) => looksSecret(name, value))
        .map(([name]) => `${name} holds a literal secret`),
    );
  },
});

function looksSecret(name: string, value: unknown): boolean {
  if (typeof value !== "string" || value === "") return false;
  if (ACCESS_KEY_ID.test(value)) return true;
  if (isExpression(value) || value.startsWith("arn:")) return false;
  return SECRET_NAME.test(name);
}
