import { at, environmentNamed, handlersIn, statementsOf } from "./fixtures";

const prod = handlersIn("prod");
const dev = handlersIn("dev");
const TOPIC = /^\$\{aws_sns_topic\.handlers_alarms_topic_[0-9A-F]{8}\.arn\}$/;

describe.each([
  ["prod", prod],
  ["dev", dev],
])("%s handler alarms", (env, { json }) => {
  const settings = environmentNamed(env).handlers;
  const alarms = Object.values(json.resource?.aws_cloudwatch_metric_alarm ?? {}).filter((a) => String(a.alarm_name).startsWith(`aec-platform-${env}-`));
  const alarm = (suffix: string) => {
    const found = alarms.find((a) => a.alarm_name === `aec-platform-${env}-${suffix}`);
    if (!found) throw new Error(`no alarm ${suffix}`);
    return found;
  };
  const common = {
    period: settings.alarms.periodSeconds,
    evaluation_periods: settings.alarms.evaluationPeriods,
    treat_missing_data: "notBreaching",
    alarm_actions: [expect.stringMatching(TOPIC)],
    ok_actions: [expect.stringMatching(TOPIC)],
  };

  it("has errors, throttles and p99 duration per function, dead letters and API 5xx: 11 alarms", () => {
    expect(alarms.map((a) => String(a.alarm_name).slice(`aec-platform-${env}-`.length)).sort()).toEqual([
      "ingestion-errors",
      "ingestion-p99-duration",
      "ingestion-throttles",
      "migrate-errors",
      "migrate-p99-duration",
      "migrate-throttles",
      "query-api-5xx",
      "query-errors",
      "query-p99-duration",
      "query-throttles",
      "uploads-dead-letters",
    ]);
  });

  it.each(["ingestion", "query", "migrate"] as const)("%s: errors and throttles at the settings' thresholds", (name) => {
    const fn = { FunctionName: expect.stringMatching(new RegExp(`^\\$\\{aws_lambda_function\\.handlers_${name}_function_[0-9A-F]{8}\\.function_name\\}$`)) };
    expect(alarm(`${name}-errors`)).toMatchObject({
      ...common,
      namespace: "AWS/Lambda",
      metric_name: "Errors",
      dimensions: fn,
      statistic: "Sum",
      comparison_operator: "GreaterThanOrEqualToThreshold",
      threshold: settings.alarms.errors,
    });
    expect(alarm(`${name}-throttles`)).toMatchObject({ ...common, metric_name: "Throttles", statistic: "Sum", threshold: settings.alarms.throttles });
  });

  it.each(["ingestion", "query", "migrate"] as const)("%s: p99 duration through an extended statistic", (name) => {
    const duration = alarm(`${name}-p99-duration`);
    expect(duration).toMatchObject({
      ...common,
      namespace: "AWS/Lambda",
      metric_name: "Duration",
      extended_statistic: "p99",
      comparison_operator: "GreaterThanThreshold",
      threshold: settings.functions[name].p99AlarmMs,
    });
    expect(duration.statistic).toBeUndefined();
  });

  it("fires on any message in the dead-letter queue", () => {
    expect(alarm("uploads-dead-letters")).toMatchObject({
      ...common,
      namespace: "AWS/SQS",
      metric_name: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: expect.stringMatching(/^\$\{aws_sqs_queue\.handlers_ingestion-queue_dead-letter-queue_[0-9A-F]{8}\.name\}$/) },
      statistic: "Maximum",
      comparison_operator: "GreaterThanThreshold",
      threshold: 0,
    });
  });

  it("fires on API 5xx responses of the $default stage", () => {
    expect(alarm("query-api-5xx")).toMatchObject({
      ...common,
      namespace: "AWS/ApiGateway",
      metric_name: "5xx",
      dimensions: { ApiId: expect.stringMatching(/^\$\{aws_apigatewayv2_api\.handlers_query-api_/), Stage: "$default" },
      statistic: "Sum",
      threshold: settings.alarms.api5xx,
    });
  });

  it("notifies a topic encrypted with the message key", () => {
    expect(at(json, "aws_sns_topic", "handlers/alarms/topic")).toEqual({
      name: `aec-platform-${env}-handler-alarms`,
      kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.handlers_message-key_[0-9A-F]{8}\.arn\}$/),
    });
  });

  it("lets CloudWatch publish for this account's alarms of this environment only, over TLS", () => {
    const [allow, deny] = statementsOf(at(json, "aws_sns_topic_policy", "handlers/alarms/topic-policy"));
    expect(allow).toEqual({
      Sid: "CloudWatchAlarms",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Resource: expect.stringMatching(TOPIC),
      Condition: {
        StringEquals: { "aws:SourceAccount": expect.stringMatching(/account_id\}$/) },
        ArnLike: { "aws:SourceArn": expect.stringMatching(new RegExp(`:alarm:aec-platform-${env}-\\*$`)) },
      },
    });
    expect(deny).toMatchObject({ Effect: "Deny", Principal: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } });
  });

  it("lets CloudWatch use the message key, scoped to this account (key policy)", () => {
    const statement = statementsOf(at(json, "aws_kms_key", "handlers/message-key")).find((s) => s.Sid === "CloudWatchAlarmsPublish");
    expect(statement).toEqual({
      Sid: "CloudWatchAlarmsPublish",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": expect.stringMatching(/account_id\}$/) } },
    });
  });
});
