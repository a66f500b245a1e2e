import { defineRule, fail, pass } from "../../types";
import { numberOf } from "../../values";

export default defineRule({
  id: "KIT-LAMBDA-006",
  level: "warning",
  description: "Functions reserve concurrency, so one function cannot starve the others or flood the database.",
  fix: "Set reserved_concurrent_executions to the function's budget.",
  refs: { checkov: ["CKV_AWS_115"] },
  appliesTo: ["aws_lambda_function"],
  check: ({ config }) => {
    const reserved = numberOf(config["reserved_concurrent_executions"]);
    return reserved === undefined || reserved === -1 ? fail("reserved_concurrent_executions is unset") : pass();
  },
});
