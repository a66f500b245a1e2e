import { defineRule, fail, pass } from "../../types";
import { isSet, nested } from "../../values";

export default defineRule({
  id: "KIT-APIGW-002",
  level: "warning",
  description: "HTTP API stages set default throttling limits.",
  fix: "Set default_route_settings { throttling_burst_limit, throttling_rate_limit }.",
  appliesTo: ["aws_apigatewayv2_stage"],
  check: ({ config }) => {
    const settings = nested(config, "default_route_settings");
    return isSet(settings?.["throttling_burst_limit"]) && isSet(settings?.["throttling_rate_limit"])
      ? pass()
      : fail("default_route_settings has no throttling limits");
  },
});
