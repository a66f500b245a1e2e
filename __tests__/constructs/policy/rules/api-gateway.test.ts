import { ruleSuite } from "./harness";

const LOGS = "${aws_cloudwatch_log_group.api.arn}";
const httpStage = (config: Record<string, unknown>) => ({ aws_apigatewayv2_stage: { stage: { api_id: "api", name: "$default", ...config } } });

ruleSuite("api-gateway", {
  "KIT-APIGW-001": [
    { name: "HTTP API stage with access logs", expect: ["pass"], resources: httpStage({ access_log_settings: { destination_arn: LOGS, format: "{}" } }) },
    {
      name: "REST API stage with access logs",
      expect: ["pass"],
      resources: { aws_api_gateway_stage: { stage: { rest_api_id: "api", stage_name: "prod", deployment_id: "d", access_log_settings: { destination_arn: LOGS, format: "{}" } } } },
    },
    { name: "no access_log_settings", expect: ["fail", "no access_log_settings destination"], resources: httpStage({}) },
    { name: "settings without a destination", expect: ["fail", "no access_log_settings destination"], resources: httpStage({ access_log_settings: { destination_arn: "", format: "{}" } }) },
    {
      name: "REST API stage without access logs",
      expect: ["fail", "no access_log_settings destination"],
      resources: { aws_api_gateway_stage: { stage: { rest_api_id: "api", stage_name: "prod", deployment_id: "d" } } },
    },
  ],
  "KIT-APIGW-002": [
    { name: "burst and rate limits", expect: ["pass"], resources: httpStage({ default_route_settings: { throttling_burst_limit: 100, throttling_rate_limit: 50 } }) },
    { name: "no route settings", expect: ["fail", "default_route_settings has no throttling limits"], resources: httpStage({}) },
    { name: "a burst limit only", expect: ["fail", "default_route_settings has no throttling limits"], resources: httpStage({ default_route_settings: { throttling_burst_limit: 100 } }) },
    { name: "a rate limit only", expect: ["fail", "default_route_settings has no throttling limits"], resources: httpStage({ default_route_settings: { throttling_rate_limit: 50 } }) },
  ],
  "KIT-APIGW-003": [
    { name: "a JWT route", expect: ["pass"], resources: { aws_apigatewayv2_route: { route: { api_id: "api", route_key: "GET /files", authorization_type: "JWT", authorizer_id: "a" } } } },
    {
      name: "an explicitly open route",
      expect: ["fail", 'route "GET /health" has no authorizer'],
      resources: { aws_apigatewayv2_route: { route: { api_id: "api", route_key: "GET /health", authorization_type: "NONE" } } },
    },
    { name: "authorization_type absent", expect: ["fail", 'route "GET /files" has no authorizer'], resources: { aws_apigatewayv2_route: { route: { api_id: "api", route_key: "GET /files" } } } },
  ],
});
