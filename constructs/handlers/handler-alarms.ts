import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Construct } from "constructs";
import type { AlarmSettings } from "../../common/handlers";
import { createAlarmTopic } from "../alarms/alarm-topic";
import type { EncryptionKey } from "../keys/encryption-key";
import type { HandlerFunction } from "./handler-function";
import type { QueryApi } from "./query-api";

export interface HandlerAlarmsProps {
  /** Prefix of the topic's and of every alarm's name, e.g. `aec-platform-prod`. */
  readonly name: string;
  /** Encrypts the topic; CloudWatch is allowed to use it for this account's alarms. */
  readonly key: EncryptionKey;
  readonly settings: AlarmSettings;
}

type AlarmMetric = Pick<
  CloudwatchMetricAlarmConfig,
  "namespace" | "metricName" | "dimensions" | "statistic" | "extendedStatistic" | "threshold" | "comparisonOperator"
>;

/**
 * CloudWatch alarms of the handlers, all notifying one KMS-encrypted SNS topic (subscribe on-call there) when they
 * fire and when they recover. Missing data counts as healthy: an idle function has no errors.
 */
export class HandlerAlarms extends Construct {
  readonly topic: SnsTopic;
  readonly alarms: CloudwatchMetricAlarm[] = [];
  private readonly name: string;
  private readonly settings: AlarmSettings;

  constructor(scope: Construct, id: string, props: HandlerAlarmsProps) {
    super(scope, id);
    this.name = props.name;
    this.settings = props.settings;
    this.topic = createAlarmTopic(this, {
      topicName: `${props.name}-handler-alarms`,
      key: props.key,
      alarmNamePrefix: `${props.name}-`,
    });
  }

  /** Errors, throttles and p99 duration of one function; `label` names its alarms, e.g. `query`. */
  watchFunction(fn: HandlerFunction, label: string): void {
    const dimensions = { FunctionName: fn.functionName };
    const lambda = { namespace: "AWS/Lambda", dimensions, comparisonOperator: "GreaterThanOrEqualToThreshold" };
    this.add(`${label}-errors`, `${fn.name} reported errors (failed invocations or timeouts)`, {
      ...lambda,
      metricName: "Errors",
      statistic: "Sum",
      threshold: this.settings.errors,
    });
    this.add(`${label}-throttles`, `${fn.name} was throttled at its reserved concurrency`, {
      ...lambda,
      metricName: "Throttles",
      statistic: "Sum",
      threshold: this.settings.throttles,
    });
    this.add(`${label}-p99-duration`, `${fn.name} p99 duration above ${fn.settings.p99AlarmMs} ms`, {
      ...lambda,
      metricName: "Duration",
      extendedStatistic: "p99",
      comparisonOperator: "GreaterThanThreshold",
      threshold: fn.settings.p99AlarmMs,
    });
  }

  /** Any message in a dead-letter queue is an upload that was not ingested. */
  watchDeadLetterQueue(queue: SqsQueue, label: string): void {
    this.add(`${label}-dead-letters`, `${label}: messages in the dead-letter queue (uploads not ingested)`, {
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: queue.name },
      statistic: "Maximum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
    });
  }

  /** Server-side failures of the HTTP API (the handler's 503s included). */
  watchApi(api: QueryApi, label: string): void {
    this.add(`${label}-5xx`, `${label}: API responses with a 5xx status`, {
      namespace: "AWS/ApiGateway",
      metricName: "5xx",
      dimensions: { ApiId: api.api.id, Stage: "$default" },
      statistic: "Sum",
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: this.settings.api5xx,
    });
  }

  /** An alarm named `<name>-<suffix>`, the pattern the topic policy admits. */
  private add(suffix: string, description: string, metric: AlarmMetric): void {
    this.alarms.push(
      new CloudwatchMetricAlarm(this, suffix, {
        ...metric,
        alarmName: `${this.name}-${suffix}`,
        alarmDescription: description,
        period: this.settings.periodSeconds,
        evaluationPeriods: this.settings.evaluationPeriods,
        treatMissingData: "notBreaching",
        alarmActions: [this.topic.arn],
        okActions: [this.topic.arn],
      }),
    );
  }
}
