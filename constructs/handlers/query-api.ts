import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Authorizer } from "@cdktf/provider-aws/lib/apigatewayv2-authorizer";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import type { ApiSettings } from "../../common/handlers";
import { ServiceLogGroup } from "../connections/service-log-group";
import type { EncryptionKey } from "../keys/encryption-key";
import { suppress } from "../policy/suppressions";
import type { HandlerFunction } from "./handler-function";
import { isPlaceholderIssuer } from "./placeholder-issuer";

export interface QueryApiProps {
  /** API name, e.g. `aec-platform-prod-query`; also names the access-log group. */
  readonly name: string;
  /** Lambda proxy target of every route. */
  readonly handler: HandlerFunction;
  readonly settings: ApiSettings;
  /** Encrypts the access-log group. */
  readonly logKey: EncryptionKey;
  readonly logRetentionDays: number;
  /** Throttling of the unauthenticated health route. @default { burstLimit: 10, rateLimit: 5 } */
  readonly healthThrottling?: { readonly burstLimit: number; readonly rateLimit: number };
}

const DEFAULTS = { healthThrottling: { burstLimit: 10, rateLimit: 5 } } as const;

/** Routes answered by the query handler with a valid JWT; keys are construct ids. */
export const AUTHORIZED_ROUTES = {
  "project-files": "GET /projects/{projectId}/files",
  file: "GET /files/{fileId}",
} as const;
export const HEALTH_ROUTE = "GET /health";

/** API Gateway's ceiling for an HTTP API integration. */
const MAX_INTEGRATION_TIMEOUT_MS = 30_000;

/** One JSON object per request; `$context` variables of HTTP APIs. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  time: "$context.requestTime",
  ip: "$context.identity.sourceIp",
  method: "$context.httpMethod",
  path: "$context.path",
  routeKey: "$context.routeKey",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  latencyMs: "$context.responseLatency",
  integrationLatencyMs: "$context.integrationLatency",
  integrationError: "$context.integrationErrorMessage",
  authorizerError: "$context.authorizer.error",
  subject: "$context.authorizer.claims.sub",
});

/**
 * The query HTTP API: a `$default` stage that deploys itself, JSON access logs into an encrypted group, stage-wide
 * throttling, a JWT authorizer from the environment's settings on the data routes, and a Lambda proxy integration
 * (payload 2.0) that only this API may invoke.
 */
export class QueryApi extends Construct {
  readonly api: Apigatewayv2Api;
  readonly stage: Apigatewayv2Stage;
  readonly authorizer: Apigatewayv2Authorizer;
  readonly routes: Readonly<Record<string, Apigatewayv2Route>>;
  /** Base URL clients call, e.g. `https://abc123.execute-api.us-west-2.amazonaws.com`. */
  readonly endpoint: string;

  constructor(scope: Construct, id: string, props: QueryApiProps) {
    super(scope, id);
    const health = props.healthThrottling ?? DEFAULTS.healthThrottling;
    const fn = props.handler;
    if (isPlaceholderIssuer(props.settings.jwtIssuer)) {
      Annotations.of(this).addWarning(
        `api.jwtIssuer ${props.settings.jwtIssuer} is a placeholder (a reserved example domain): no token will match it, so every ` +
          "authorized route answers 401. Set jwtIssuer and jwtAudience to your identity provider's before deploying.",
      );
    }

    const accessLogs = new ServiceLogGroup(this, "access-logs", {
      name: apiAccessLogGroupName(props.name),
      retentionDays: props.logRetentionDays,
      key: props.logKey,
    });
    this.api = new Apigatewayv2Api(this, "api", {
      name: props.name,
      protocolType: "HTTP",
      description: `File index queries (${fn.name})`,
    });
    const integration = new Apigatewayv2Integration(this, "integration", {
      apiId: this.api.id,
      integrationType: "AWS_PROXY",
      integrationUri: fn.function.invokeArn,
      integrationMethod: "POST",
      payloadFormatVersion: "2.0",
      // A little beyond the function's own timeout, so that its 503s arrive instead of a gateway 504.
      timeoutMilliseconds: Math.min(MAX_INTEGRATION_TIMEOUT_MS, fn.settings.timeoutSeconds * 1000 + 1000),
    });
    this.authorizer = new Apigatewayv2Authorizer(this, "jwt", {
      apiId: this.api.id,
      name: "jwt",
      authorizerType: "JWT",
      identitySources: ["$request.header.Authorization"],
      jwtConfiguration: { issuer: props.settings.jwtIssuer, audience: [...props.settings.jwtAudience] },
    });
    const target = `integrations/${integration.id}`;
    const routes: Record<string, Apigatewayv2Route> = {};
    for (const [routeId, routeKey] of Object.entries(AUTHORIZED_ROUTES)) {
      routes[routeId] = new Apigatewayv2Route(this, `route-${routeId}`, {
        apiId: this.api.id,
        routeKey,
        target,
        authorizationType: "JWT",
        authorizerId: this.authorizer.id,
      });
    }
    routes.health = new Apigatewayv2Route(this, "route-health", { apiId: this.api.id, routeKey: HEALTH_ROUTE, target, authorizationType: "NONE" });
    suppress(
      routes.health,
      "KIT-APIGW-003",
      "health checks come from uptime probes and load balancers that hold no token; the route answers only whether the database and cache respond (no tenant data) and has throttling of its own",
    );
    this.routes = routes;

    this.stage = new Apigatewayv2Stage(this, "stage", {
      apiId: this.api.id,
      name: "$default",
      autoDeploy: true,
      accessLogSettings: { destinationArn: accessLogs.logGroup.arn, format: ACCESS_LOG_FORMAT },
      defaultRouteSettings: {
        throttlingBurstLimit: props.settings.throttlingBurstLimit,
        throttlingRateLimit: props.settings.throttlingRateLimit,
      },
      // Anyone can call the health route, and each call queries the database: it gets a small budget of its own.
      routeSettings: [{ routeKey: HEALTH_ROUTE, throttlingBurstLimit: health.burstLimit, throttlingRateLimit: health.rateLimit }],
      dependsOn: [routes.health],
    });
    new LambdaPermission(this, "invoke", {
      statementId: "AllowQueryApiInvoke",
      action: "lambda:InvokeFunction",
      functionName: fn.functionName,
      principal: "apigateway.amazonaws.com",
      // Any stage and route of this API, nothing else.
      sourceArn: `${this.api.executionArn}/*/*`,
    });
    this.endpoint = this.api.apiEndpoint;
  }
}

export function apiAccessLogGroupName(apiName: string): string {
  return `/aws/apigateway/${apiName}/access`;
}
