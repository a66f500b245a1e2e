import { DataAwsSecretsmanagerRandomPassword } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password";
import { MqBroker } from "@cdktf/provider-aws/lib/mq-broker";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { TerraformOutput, Testing } from "cdktf";
import { RabbitMqBroker, type RabbitMqBrokerProps } from "../../../constructs/messaging/rabbitmq-broker";
import { resourceAt } from "../../helpers";
import { appGrantee, appSecurityGroup, dataFixture, ref, rolePolicies, synthJson, type DataFixture } from "../connections/fixtures";

function build(props: Partial<RabbitMqBrokerProps> = {}, fixture: DataFixture = dataFixture()) {
  const broker = new RabbitMqBroker(fixture.stack, "broker", {
    name: "aec-platform-prod-rabbitmq",
    network: fixture.network,
    secretKey: fixture.keys.byClass.secrets,
    ...props,
  });
  return { ...fixture, broker, json: synthJson(fixture.stack), synth: Testing.synth(fixture.stack) };
}

const dataSubnets = (json: ReturnType<typeof synthJson>, azs: string[]) =>
  azs.map((az) => ref(json, "aws_subnet", `network/data-${az}`, "id"));

describe("RabbitMqBroker (prod shape: the defaults)", () => {
  const { synth, json, broker } = build();
  const mq = resourceAt(json, "aws_mq_broker", "broker");

  it("runs RabbitMQ 4.2 as a multi-AZ cluster over the data subnets, privately", () => {
    expect(synth).toHaveResourceWithProperties(MqBroker, {
      broker_name: "aec-platform-prod-rabbitmq",
      engine_type: "RabbitMQ",
      engine_version: "4.2",
      host_instance_type: "mq.m7g.large",
      deployment_mode: "CLUSTER_MULTI_AZ",
      publicly_accessible: false,
      subnet_ids: dataSubnets(json, ["us-west-2a", "us-west-2b", "us-west-2c"]),
      security_groups: [ref(json, "aws_security_group", "broker/security-group", "id")],
    });
  });

  it("publishes general logs and takes minor upgrades", () => {
    expect(synth).toHaveResourceWithProperties(MqBroker, {
      logs: { general: true },
      auto_minor_version_upgrade: true,
      authentication_strategy: "simple",
    });
  });

  it("listens on AMQPS (5671) only", () => {
    expect(broker.port).toBe(5671);
    expect(broker.kind).toBe("rabbitmq");
  });

  it("generates the admin password with Secrets Manager, never from code", () => {
    expect(synth).toHaveDataSourceWithProperties(DataAwsSecretsmanagerRandomPassword, {
      password_length: 32,
      exclude_punctuation: true,
      require_each_included_type: true,
    });
    expect(mq.user).toEqual([
      {
        username: "platform_admin",
        password: expect.stringMatching(/^\$\{data\.aws_secretsmanager_random_password\.[^.]+\.random_password\}$/),
      },
    ]);
  });

  it("keeps the creation password on the broker: the generator's next values never reach it", () => {
    expect(mq.lifecycle).toEqual({ ignore_changes: ["user"] });
  });

  it("writes the credentials into a secret under the secrets key, write-only, so the secret's state has no copy", () => {
    expect(synth).toHaveResourceWithProperties(SecretsmanagerSecret, {
      name_prefix: "aec-platform-prod-rabbitmq/admin-",
      kms_key_id: ref(json, "aws_kms_key", "keys/secrets/key", "arn"),
      recovery_window_in_days: 30,
    });
    expect(synth).toHaveResourceWithProperties(SecretsmanagerSecretVersion, { secret_string_wo_version: 1 });
    const version = resourceAt(json, "aws_secretsmanager_secret_version", "broker/admin-secret-value");
    expect(version).not.toHaveProperty("secret_string");
    expect(String(version.secret_string_wo)).toMatch(/^\$\{jsonencode\(\{"username" = "platform_admin", "password" = data\.aws_secretsmanager_random_password\.[^}]+\.random_password\}\)\}$/);
  });

  it("names the secret by prefix (a deleted name stays taken for 30 days) and replaces its value with the broker", () => {
    expect(resourceAt(json, "aws_secretsmanager_secret", "broker/admin-secret")).not.toHaveProperty("name");
    expect(resourceAt(json, "aws_secretsmanager_secret_version", "broker/admin-secret-value").lifecycle).toEqual({
      // A bare reference: Terraform refuses "${...}" in replace_triggered_by.
      replace_triggered_by: [expect.stringMatching(/^aws_mq_broker\.broker_[0-9A-F]{8}\.id$/)],
    });
  });

  it("gives each application user its own secret, written write-only with an ephemeral password (never in state)", () => {
    for (const [role, username] of [["publisher", "aec-publisher"], ["worker", "aec-worker"]]) {
      expect(resourceAt(json, "aws_secretsmanager_secret", `broker/${role}-secret`)).toMatchObject({
        name_prefix: `aec-platform-prod-rabbitmq/${username}-`,
        kms_key_id: ref(json, "aws_kms_key", "keys/secrets/key", "arn"),
        recovery_window_in_days: 30,
      });
      const version = resourceAt(json, "aws_secretsmanager_secret_version", `broker/${role}-secret-value`);
      expect(version).not.toHaveProperty("secret_string");
      expect(version.secret_string_wo_version).toBe(1);
      expect(String(version.secret_string_wo)).toBe(
        `\${jsonencode({ username = "${username}", password = ephemeral.aws_secretsmanager_random_password.broker_${role}-password.random_password })}`.replace(
          `broker_${role}-password`,
          `broker_${role}_password`,
        ),
      );
      expect((json as { ephemeral?: Record<string, Record<string, unknown>> }).ephemeral?.aws_secretsmanager_random_password?.[`broker_${role}_password`]).toEqual({
        password_length: 32,
        exclude_punctuation: true,
        require_each_included_type: true,
      });
    }
    expect(broker.users.publisher.username).toBe("aec-publisher");
  });

  it("hands clients the publisher's secret and the management API at the broker's console URL", () => {
    const fixture = dataFixture();
    const { broker: other } = build({}, fixture);
    new TerraformOutput(fixture.stack, "credentials", { value: other.credentialsSecretArn });
    new TerraformOutput(fixture.stack, "management", { value: other.managementUrl });
    const outputs = synthJson(fixture.stack) as unknown as { output: Record<string, { value: string }> };
    expect(outputs.output.credentials!.value).toBe(ref(synthJson(fixture.stack), "aws_secretsmanager_secret", "broker/publisher-secret", "arn"));
    expect(outputs.output.management!.value).toMatch(/^\$\{aws_mq_broker\.broker_[0-9A-F]{8}\.instances\[0\]\.console_url\}$/);
  });

  it("holds no password literal anywhere in the synthesized stack", () => {
    expect(synth).not.toMatch(/"password":\s*"[^$]/);
  });
});

describe("RabbitMqBroker (dev shape: single instance)", () => {
  const { synth, json } = build({
    name: "aec-platform-dev-rabbitmq",
    instanceType: "mq.m7g.medium",
    deploymentMode: "SINGLE_INSTANCE",
    secretRecoveryWindowDays: 7,
  });

  it("is one broker in the first data subnet", () => {
    expect(synth).toHaveResourceWithProperties(MqBroker, {
      host_instance_type: "mq.m7g.medium",
      deployment_mode: "SINGLE_INSTANCE",
      subnet_ids: dataSubnets(json, ["us-west-2a"]),
    });
  });

  it("lets deleted admin and user secrets go after a week", () => {
    for (const secret of ["admin", "publisher", "worker"]) {
      expect(resourceAt(json, "aws_secretsmanager_secret", `broker/${secret}-secret`).recovery_window_in_days).toBe(7);
    }
  });
});

describe("RabbitMqBroker integrations", () => {
  it("admits an app-tier security group on 5671", () => {
    const fixture = dataFixture();
    build({}, fixture).broker.allowFrom(appSecurityGroup(fixture));
    const rules = Object.values(synthJson(fixture.stack).resource?.aws_vpc_security_group_ingress_rule ?? {});
    expect(rules).toEqual([expect.objectContaining({ from_port: 5671, to_port: 5671, description: "RabbitMQ (AMQPS) from app" })]);
  });

  it("admits the broker setup function to the management API on 443, beside the AMQPS rule", () => {
    const fixture = dataFixture();
    const { broker } = build({}, fixture);
    const app = appSecurityGroup(fixture);
    broker.allowFrom(app);
    broker.allowManagementFrom(app);
    const rules = Object.values(synthJson(fixture.stack).resource?.aws_vpc_security_group_ingress_rule ?? {});
    expect(rules).toHaveLength(2);
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from_port: 5671, to_port: 5671 }),
        expect.objectContaining({ from_port: 443, to_port: 443, description: "RabbitMQ management API (HTTPS) from the broker setup function" }),
      ]),
    );
  });

  it.each([
    ["grantPublish", "publisher", (b: RabbitMqBroker, g: ReturnType<typeof appGrantee>) => b.grantPublish(g, "files")],
    ["grantConsume", "worker", (b: RabbitMqBroker, g: ReturnType<typeof appGrantee>) => b.grantConsume(g, "files.processing", "workers")],
    ["grantReadAdminCredentials", "admin", (b: RabbitMqBroker, g: ReturnType<typeof appGrantee>) => b.grantReadAdminCredentials(g)],
  ] as const)("%s grants reading the %s secret only, and decrypting it through Secrets Manager only", (_name, user, grant) => {
    const fixture = dataFixture();
    const { broker } = build({}, fixture);
    grant(broker, appGrantee(fixture.stack));
    const json = synthJson(fixture.stack);
    const policies = rolePolicies(json);
    expect(Object.keys(policies).filter((name) => name.startsWith("broker-"))).toEqual([`broker-read-${user}-credentials`]);
    const [read, decrypt] = policies[`broker-read-${user}-credentials`].Statement;
    expect(read).toEqual({
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: ref(json, "aws_secretsmanager_secret", `broker/${user}-secret`, "arn"),
    });
    expect(decrypt).toMatchObject({
      Action: ["kms:Decrypt"],
      Resource: ref(json, "aws_kms_key", "keys/secrets/key", "arn"),
      Condition: { StringEquals: { "kms:ViaService": expect.stringMatching(/^secretsmanager\./) } },
    });
  });
});

describe("RabbitMqBroker props validation", () => {
  const fails = (props: Partial<RabbitMqBrokerProps>, message: string | RegExp, fixture?: DataFixture) =>
    expect(() => build(props, fixture)).toThrow(message);

  it("fails for a broker name Amazon MQ refuses", () => {
    fails({ name: "aec platform" }, 'broker.name: got "aec platform"; expected 1-50 letters, digits, dashes and underscores');
  });

  it("fails for the guest user, which Amazon MQ deletes", () => {
    fails({ adminUsername: "guest" }, 'broker.adminUsername: got "guest"; expected a 2-100 character user name other than "guest"');
  });

  it("fails for an admin named like an application user (the broker setup would strip its permissions)", () => {
    fails({ adminUsername: "aec-publisher" }, 'broker.adminUsername: got "aec-publisher"; expected a name other than the application users\' (aec-publisher, aec-worker)');
  });

  it("fails for a user password version below 1", () => {
    fails({ userPasswordVersion: 0 }, "broker.userPasswordVersion: got 0; expected a whole number from 1");
  });

  it("fails for a secret recovery window outside 7-30 days", () => {
    fails({ secretRecoveryWindowDays: 0 }, "broker.secretRecoveryWindowDays: got 0; expected 7 to 30 days");
  });

  it("fails for a cluster on a network with one AZ", () => {
    fails({}, 'broker.deploymentMode: got "CLUSTER_MULTI_AZ"; expected at least 2 availability zones', dataFixture(["us-west-2a"]));
  });

  it("fails for RabbitMQ 4 on an instance family other than m7g", () => {
    fails({ instanceType: "mq.m5.large" }, 'broker.instanceType: got "mq.m5.large"; expected an mq.m7g.* instance type');
  });
});
