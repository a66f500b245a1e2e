import { defineRule, fail, pass } from "../../types";

export default defineRule({
  id: "KIT-LAMBDA-007",
  level: "error",
  description: "Function URLs require IAM authentication.",
  fix: 'Set authorization_type = "AWS_IAM", or expose the function through the HTTP API with an authorizer.',
  refs: { checkov: ["CKV_AWS_258"] },
  appliesTo: ["aws_lambda_function_url"],
  check: ({ config }) => (config["authorization_type"] === "NONE" ? fail("authorization_type is NONE") : pass()),
});
