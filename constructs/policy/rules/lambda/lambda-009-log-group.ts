import { parseReference } from "../../stack-index";
import { literalName, precreatedLogGroup } from "../shared/log-groups";
import { defineRule, pass } from "../../types";
import { nested } from "../../values";

export default defineRule({
  id: "KIT-LAMBDA-009",
  level: "error",
  description: "Each function's log group is created by the stack, with finite retention and a KMS key.",
  fix: 'Create aws_cloudwatch_log_group "/aws/lambda/<function name>" or set logging_config { log_group } to one.',
  appliesTo: ["aws_lambda_function"],
  check: ({ config }, { stack }) => {
    const group = nested(config, "logging_config")?.["log_group"];
    const ref = parseReference(group);
    if (ref?.type === "aws_cloudwatch_log_group" && stack.target(ref)) return pass();
    const explicit = literalName(group);
    if (explicit) return precreatedLogGroup(stack, explicit, "the function");
    const name = literalName(config["function_name"]);
    return name === undefined
      ? pass("function_name is an expression; its log group could not be matched")
      : precreatedLogGroup(stack, `/aws/lambda/${name}`, "the function");
  },
});
