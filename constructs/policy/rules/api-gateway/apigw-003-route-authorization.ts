import { defineRule, fail, pass } from "../../types";

export default defineRule({
  id: "KIT-APIGW-003",
  level: "warning",
  description: "HTTP API routes require an authorizer (suppress for deliberately public routes such as health checks).",
  fix: 'Set authorization_type = "JWT" (or "AWS_IAM" / "CUSTOM") and authorizer_id.',
  appliesTo: ["aws_apigatewayv2_route"],
  check: ({ config }) => {
    const type = config["authorization_type"] ?? "NONE";
    return type === "NONE" ? fail(`route ${JSON.stringify(config["route_key"])} has no authorizer`) : pass();
  },
});
