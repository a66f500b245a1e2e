// One grant model: every resource construct's grant*(grantee) attaches the policy to the grantee's role and tells
// the grantee, once, so it can wait; MessageBroker grants without the caller knowing the broker's kind.
import type { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { roleGrantee, type Grantee } from "../../../constructs/core/grantee";
import { appRole, dataFixture, synthJson } from "../connections/fixtures";
import { brokerIn } from "../messaging/fixtures";

function recording(fixture: ReturnType<typeof dataFixture>): Grantee & { received: IamRolePolicy[] } {
  const received: IamRolePolicy[] = [];
  return { grantRole: appRole(fixture.stack), granted: (policy) => received.push(policy), received };
}

describe("grant model", () => {
  it("tells the grantee about each policy once, however often the same access is asked for", () => {
    const { fixture, broker: b } = brokerIn({ kind: "rabbitmq" });
    const grantee = recording(fixture);
    const first = b.grantPublish(grantee, "files");
    const second = b.grantPublish(grantee, "files");
    expect(second).toBe(first);
    expect(grantee.received).toEqual([first]);
  });

  it("MessageBroker.grantPublish: the credentials secret on RabbitMQ, write access to the topic on Kafka", () => {
    const rabbit = brokerIn({ kind: "rabbitmq" });
    rabbit.broker.grantPublish(roleGrantee(appRole(rabbit.fixture.stack)), "files");
    const rabbitPolicies = Object.values(synthJson(rabbit.fixture.stack).resource?.aws_iam_role_policy ?? {}) as Array<{ name: string; policy: string }>;
    // The publisher user's secret: which exchange it may write is a broker-side permission.
    const granted = rabbitPolicies.filter((p) => p.name === "broker-read-publisher-credentials");
    expect(granted.map((p) => JSON.parse(p.policy).Statement[0])).toEqual([
      { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: expect.stringMatching(/aws_secretsmanager_secret\.broker_publisher-secret_/) },
    ]);

    const kafka = brokerIn({ kind: "kafka" });
    kafka.broker.grantPublish(roleGrantee(appRole(kafka.fixture.stack)), "file-events");
    const kafkaPolicies = Object.values(synthJson(kafka.fixture.stack).resource?.aws_iam_role_policy ?? {}) as Array<{ policy: string }>;
    const statements = kafkaPolicies.flatMap((p) => JSON.parse(p.policy).Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"], Resource: expect.stringMatching(/:topic\/test-kafka\/.*\/file-events$/) }),
    );
  });

  it("MessageBroker.grantConsume: the worker user's secret on RabbitMQ, never the admin's", () => {
    const rabbit = brokerIn({ kind: "rabbitmq" });
    rabbit.broker.grantConsume(roleGrantee(appRole(rabbit.fixture.stack)), "files.processing", "workers");
    const policies = Object.values(synthJson(rabbit.fixture.stack).resource?.aws_iam_role_policy ?? {}) as Array<{ name: string; policy: string }>;
    const reads = policies.flatMap((p) => JSON.parse(p.policy).Statement).filter((s: { Action: unknown }) => s.Action === "secretsmanager:GetSecretValue");
    expect(reads).toEqual([expect.objectContaining({ Resource: expect.stringMatching(/aws_secretsmanager_secret\.broker_worker-secret_/) })]);
  });

  it("MessageBroker.grantConsume: a consumer group on Kafka", () => {
    const kafka = brokerIn({ kind: "kafka" });
    kafka.broker.grantConsume(roleGrantee(appRole(kafka.fixture.stack)), "file-events", "processors");
    const statements = (Object.values(synthJson(kafka.fixture.stack).resource?.aws_iam_role_policy ?? {}) as Array<{ policy: string }>).flatMap(
      (p) => JSON.parse(p.policy).Statement,
    );
    expect(statements).toContainEqual(expect.objectContaining({ Resource: expect.stringMatching(/:group\/test-kafka\/.*\/processors$/) }));
  });
});
