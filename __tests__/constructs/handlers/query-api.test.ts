import { QueryApi } from "../../../constructs/handlers/query-api";
import { collectSuppressions } from "../../../constructs/policy/suppressions";
import { warningsIn } from "../../helpers";
import { at, environmentNamed, handlersIn } from "./fixtures";

const prod = handlersIn("prod");
const dev = handlersIn("dev");
const API_ID = /^\$\{aws_apigatewayv2_api\.handlers_query-api_[0-9A-F]{8}\.id\}$/;

describe.each([
  ["prod", prod],
  ["dev", dev],
])("%s query API", (env, { json, handlers, stack }) => {
  const settings = environmentNamed(env).handlers;
  const routes = Object.values(json.resource?.aws_apigatewayv2_route ?? {});
  const route = (key: string) => routes.find((r) => r.route_key === key)!;

  it("is an HTTP API", () => {
    expect(at(json, "aws_apigatewayv2_api", "handlers/query-api")).toMatchObject({ name: `aec-platform-${env}-query`, protocol_type: "HTTP" });
  });

  it("proxies to the query function with payload 2.0, timing out just after the function", () => {
    expect(at(json, "aws_apigatewayv2_integration", "handlers/query-api/integration")).toEqual({
      api_id: expect.stringMatching(API_ID),
      integration_type: "AWS_PROXY",
      integration_method: "POST",
      integration_uri: expect.stringMatching(/^\$\{aws_lambda_function\.handlers_query_function_[0-9A-F]{8}\.invoke_arn\}$/),
      payload_format_version: "2.0",
      timeout_milliseconds: settings.functions.query.timeoutSeconds * 1000 + 1000,
    });
  });

  it("checks JWTs from the Authorization header against the environment's issuer and audience", () => {
    expect(at(json, "aws_apigatewayv2_authorizer", "handlers/query-api/jwt")).toEqual({
      api_id: expect.stringMatching(API_ID),
      name: "jwt",
      authorizer_type: "JWT",
      identity_sources: ["$request.header.Authorization"],
      jwt_configuration: { issuer: settings.api.jwtIssuer, audience: [...settings.api.jwtAudience] },
    });
  });

  it.each(["GET /projects/{projectId}/files", "GET /files/{fileId}"])("requires the JWT authorizer on %s", (key) => {
    expect(route(key)).toMatchObject({
      authorization_type: "JWT",
      authorizer_id: expect.stringMatching(/^\$\{aws_apigatewayv2_authorizer\.handlers_query-api_jwt_[0-9A-F]{8}\.id\}$/),
      target: expect.stringMatching(/^integrations\/\$\{aws_apigatewayv2_integration\.handlers_query-api_integration_[0-9A-F]{8}\.id\}$/),
    });
  });

  it("leaves GET /health open, with a recorded reason, and nothing else", () => {
    expect(routes.map((r) => r.route_key).sort()).toEqual(["GET /files/{fileId}", "GET /health", "GET /projects/{projectId}/files"]);
    expect(route("GET /health")).toMatchObject({ authorization_type: "NONE" });
    expect(route("GET /health").authorizer_id).toBeUndefined();
    const suppressions = collectSuppressions(handlers).filter((s) => s.ruleId === "KIT-APIGW-003");
    expect(suppressions).toEqual([expect.objectContaining({ path: expect.stringMatching(/\/handlers\/query-api\/route-health$/) })]);
    expect(suppressions[0]!.reason).toMatch(/no tenant data/);
  });

  it("deploys a $default stage with throttling from the settings, tighter on /health, and JSON access logs", () => {
    const stage = at(json, "aws_apigatewayv2_stage", "handlers/query-api/stage");
    expect(stage).toMatchObject({
      api_id: expect.stringMatching(API_ID),
      name: "$default",
      auto_deploy: true,
      default_route_settings: { throttling_burst_limit: settings.api.throttlingBurstLimit, throttling_rate_limit: settings.api.throttlingRateLimit },
      route_settings: [{ route_key: "GET /health", throttling_burst_limit: 10, throttling_rate_limit: 5 }],
      access_log_settings: { destination_arn: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.handlers_query-api_access-logs_log-group_[0-9A-F]{8}\.arn\}$/) },
    });
    const format = JSON.parse((stage.access_log_settings as { format: string }).format) as Record<string, string>;
    expect(format).toMatchObject({ requestId: "$context.requestId", status: "$context.status", routeKey: "$context.routeKey", subject: "$context.authorizer.claims.sub" });
  });

  it("writes access logs into an encrypted group with the environment's retention", () => {
    expect(at(json, "aws_cloudwatch_log_group", "handlers/query-api/access-logs/log-group")).toMatchObject({
      name: `/aws/apigateway/aec-platform-${env}-query/access`,
      kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.keys_logs_key_/),
      retention_in_days: stack.environment.logRetentionDays,
    });
  });

  it("lets only this API invoke the query function", () => {
    const permissions = Object.values(json.resource?.aws_lambda_permission ?? {}).filter((p) =>
      String(p.function_name).includes("aws_lambda_function.handlers_query_function_"),
    );
    expect(permissions).toHaveLength(1);
    expect(permissions[0]).toEqual({
      statement_id: "AllowQueryApiInvoke",
      action: "lambda:InvokeFunction",
      function_name: expect.stringMatching(/^\$\{aws_lambda_function\.handlers_query_function_[0-9A-F]{8}\.function_name\}$/),
      principal: "apigateway.amazonaws.com",
      source_arn: expect.stringMatching(/^\$\{aws_apigatewayv2_api\.handlers_query-api_[0-9A-F]{8}\.execution_arn\}\/\*\/\*$/),
    });
  });
});

describe("query API issuer check", () => {
  const { stack, handlers } = handlersIn("dev");
  // One API per issuer, named after its host (unique in the tables below).
  const apiWith = (jwtIssuer: string) => {
    const host = new URL(jwtIssuer).hostname;
    return new QueryApi(stack, `api-${host}`, {
      name: `aec-platform-dev-${host}`,
      handler: handlers.functions.query,
      settings: { ...environmentNamed("dev").handlers.api, jwtIssuer },
      logKey: stack.keys.byClass.logs,
      logRetentionDays: 7,
    });
  };

  it("warns at synth while the issuer is the shipped placeholder, naming the field, the value and the file to edit", () => {
    expect(warningsIn(handlers.api)).toEqual([
      `api.jwtIssuer ${environmentNamed("dev").handlers.api.jwtIssuer} is a placeholder (a reserved example domain): no token will match it, so every ` +
        "authorized route answers 401. Set jwtIssuer and jwtAudience to your identity provider's before deploying.",
    ]);
  });

  it.each(["https://idp.example/realm", "https://login.test/", "https://example.org/tenant"])("warns for the reserved name %s", (issuer) => {
    expect(warningsIn(apiWith(issuer))).toEqual([expect.stringContaining(`api.jwtIssuer ${issuer} is a placeholder`)]);
  });

  it.each(["https://cognito-idp.us-west-2.amazonaws.com/us-west-2_AbC123", "https://tenant.eu.auth0.com/", "https://notexample.com/"])(
    "stays quiet for a real issuer %s",
    (issuer) => {
      expect(warningsIn(apiWith(issuer))).toEqual([]);
    },
  );
});
