import { defineRule, fail, pass } from "../../types";
import { isSet, nested } from "../../values";

export default defineRule({
  id: "KIT-APIGW-001",
  level: "error",
  description: "API stages write access logs.",
  fix: "Set access_log_settings { destination_arn = a log group with finite retention, format = JSON }.",
  refs: { checkov: ["CKV_AWS_76"], fsbp: ["APIGateway.9"] },
  appliesTo: ["aws_apigatewayv2_stage", "aws_api_gateway_stage"],
  check: ({ config }) =>
    isSet(nested(config, "access_log_settings")?.["destination_arn"]) ? pass() : fail("no access_log_settings destination"),
});
