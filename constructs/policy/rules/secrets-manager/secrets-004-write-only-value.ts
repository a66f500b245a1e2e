import { defineRule, fail, pass } from "../../types";
import { isSet } from "../../values";

export default defineRule({
  id: "KIT-SECRETS-004",
  level: "warning",
  description: "Secret values are written write-only, so Terraform state never holds them.",
  fix: "Use secret_string_wo with secret_string_wo_version (and an ephemeral generated value) instead of secret_string.",
  appliesTo: ["aws_secretsmanager_secret_version"],
  check: ({ config }) =>
    isSet(config["secret_string"]) || isSet(config["secret_binary"])
      ? fail("the secret value is stored in Terraform state")
      : pass(),
});
