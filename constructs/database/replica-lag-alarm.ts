import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { Construct } from "constructs";
import { createAlarmTopic } from "../alarms/alarm-topic";
import type { EncryptionKey } from "../keys/encryption-key";
import type { PostgresDatabase } from "./postgres-database";

export interface ReplicaLagAlarmProps {
  readonly replica: PostgresDatabase;
  /** Topic name, e.g. `aec-platform-prod-dr-replica-lag`. */
  readonly topicName: string;
  /** Encrypts the topic; CloudWatch is allowed to use it for this account's alarms. */
  readonly topicKey: EncryptionKey;
  /** Lag that alarms, in seconds. @default 300 (a third of a 15-minute RPO) */
  readonly thresholdSeconds?: number;
}

const DEFAULTS = { thresholdSeconds: 300 } as const;

/** Alarms when a cross-region replica falls behind, so the recovery point is known before it is needed. */
export class ReplicaLagAlarm extends Construct {
  readonly topic: SnsTopic;
  readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: ReplicaLagAlarmProps) {
    super(scope, id);
    const threshold = props.thresholdSeconds ?? DEFAULTS.thresholdSeconds;
    if (!Number.isInteger(threshold) || threshold < 1 || threshold > 3600) {
      throw new Error(
        `ReplicaLagAlarm ${this.node.path}: thresholdSeconds got ${threshold}; expected a whole number of seconds from 1 to 3600. Fix: keep it well under the RPO, e.g. 300.`,
      );
    }
    const alarmName = `${props.replica.instance.identifier}-replica-lag`;
    this.topic = createAlarmTopic(this, { topicName: props.topicName, key: props.topicKey, alarmNamePrefix: alarmName });
    this.alarm = new CloudwatchMetricAlarm(this, "alarm", {
      alarmName,
      alarmDescription: `Replica lag above ${threshold} s: data written in the primary region for that long would be lost on failover`,
      namespace: "AWS/RDS",
      metricName: "ReplicaLag",
      dimensions: { DBInstanceIdentifier: props.replica.instance.identifier },
      statistic: "Maximum",
      period: 60,
      evaluationPeriods: 3,
      threshold,
      comparisonOperator: "GreaterThanThreshold",
      // No data means the replica is not reporting: as bad as lag for a recovery point.
      treatMissingData: "breaching",
      alarmActions: [this.topic.arn],
      okActions: [this.topic.arn],
    });
  }
}
