import { Testing } from "cdktf";
import { platform } from "../../../config/environments";
import { ReplicaLagAlarm } from "../../../constructs/database/replica-lag-alarm";
import { buildPlatform } from "../../../stacks/app";

describe("ReplicaLagAlarm", () => {
  const { platform: stack } = buildPlatform(Testing.app(), platform, { only: "prod-dr" })["prod-dr"];

  it.each([0, 1.5, 7200])("fails on thresholdSeconds %p", (thresholdSeconds) => {
    expect(
      () => new ReplicaLagAlarm(stack, `lag-${thresholdSeconds}`, { replica: stack.database!, topicName: "t", topicKey: stack.keys.byClass.secrets, thresholdSeconds }),
    ).toThrow(`thresholdSeconds got ${thresholdSeconds}; expected a whole number of seconds from 1 to 3600`);
  });

  it("lets CloudWatch publish to the encrypted topic for this account only", () => {
    const key = JSON.parse(Testing.synth(stack)).resource.aws_kms_key;
    const policy = Object.entries(key as Record<string, { policy: string }>).find(([n]) => n.startsWith("keys_secrets_key"))![1].policy;
    const statement = JSON.parse(policy).Statement.find((s: { Sid: string }) => s.Sid === "CloudWatchAlarmsPublish");
    expect(statement).toMatchObject({
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Condition: { StringEquals: { "aws:SourceAccount": expect.stringContaining("account_id") } },
    });
  });
});

describe("ReplicaLagAlarm topic", () => {
  const { platform: stack } = buildPlatform(Testing.app(), platform, { only: "prod-dr" })["prod-dr"];
  const policies = JSON.parse(Testing.synth(stack)).resource.aws_sns_topic_policy as Record<string, { policy: string }>;

  it("takes publishes from this replica's lag alarm only, over TLS only", () => {
    const [allow, deny] = JSON.parse(Object.values(policies)[0]!.policy).Statement;
    expect(allow).toMatchObject({
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Condition: { ArnLike: { "aws:SourceArn": expect.stringMatching(/:alarm:\$\{aws_db_instance\.database_instance_[0-9A-F]{8}\.identifier\}-replica-lag\*$/) } },
    });
    expect(deny).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
  });
});
