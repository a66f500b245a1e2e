import { defineRule, fail, pass } from "../../types";
import { numberOf } from "../../values";

export default defineRule({
  id: "KIT-SECRETS-002",
  level: "warning",
  description: "Deleted secrets stay recoverable for a while (no force delete).",
  fix: "Remove recovery_window_in_days = 0 (the default is 30 days).",
  appliesTo: ["aws_secretsmanager_secret"],
  check: ({ config }) =>
    numberOf(config["recovery_window_in_days"]) === 0 ? fail("recovery_window_in_days is 0, so deletion is immediate") : pass(),
});
