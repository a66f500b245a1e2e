import { defineRule, fail, pass } from "../../types";
import { isExpression, isSet } from "../../values";

export default defineRule({
  id: "KIT-SECRETS-003",
  level: "error",
  description: "Secret values are generated, never written into the code.",
  fix: "Generate the value (random_password, or the service's managed secret) instead of a literal.",
  appliesTo: ["aws_secretsmanager_secret_version"],
  check: ({ config }) => {
    const literal = ["secret_string", "secret_binary"].find((a) => isSet(config[a]) && !isExpression(config[a]));
    return literal ? fail(`${literal} is a literal in the synthesized configuration`) : pass();
  },
});
