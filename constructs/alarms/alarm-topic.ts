import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import type { Construct } from "constructs";
import { awsContext } from "../core/aws-context";
import { policyDocument } from "../iam/policy-document";
import type { EncryptionKey } from "../keys/encryption-key";

export interface AlarmTopicProps {
  readonly topicName: string;
  /** Encrypts the topic; CloudWatch is allowed to use it for this account's alarms. */
  readonly key: EncryptionKey;
  /** Only alarms whose names start with this may publish, e.g. `aec-platform-prod-`. */
  readonly alarmNamePrefix: string;
}

/**
 * A KMS-encrypted SNS topic that CloudWatch alarms of this account (named with the prefix) may publish to,
 * over TLS only. Created as `topic` and `topic-policy` directly in `scope`, so callers keep their addresses.
 */
export function createAlarmTopic(scope: Construct, props: AlarmTopicProps): SnsTopic {
  const { partition, region, accountId } = awsContext(scope);
  // CloudWatch publishes as itself, so the key policy (not an IAM policy) must let it encrypt.
  props.key.allowServiceUse(
    "CloudWatchAlarmsPublish",
    "cloudwatch.amazonaws.com",
    { StringEquals: { "aws:SourceAccount": accountId } },
    ["kms:Decrypt", "kms:GenerateDataKey*"],
  );
  const topic = new SnsTopic(scope, "topic", { name: props.topicName, kmsMasterKeyId: props.key.arn });
  new SnsTopicPolicy(scope, "topic-policy", {
    arn: topic.arn,
    policy: policyDocument([
      {
        Sid: "CloudWatchAlarms",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topic.arn,
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          ArnLike: { "aws:SourceArn": `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:${props.alarmNamePrefix}*` },
        },
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: topic.arn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]),
  });
  return topic;
}
