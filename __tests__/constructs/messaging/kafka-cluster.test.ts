import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { MskCluster } from "@cdktf/provider-aws/lib/msk-cluster";
import { MskConfiguration } from "@cdktf/provider-aws/lib/msk-configuration";
import { Testing } from "cdktf";
import { KafkaCluster, type KafkaClusterProps } from "../../../constructs/messaging/kafka-cluster";
import { resourceAt } from "../../helpers";
import { appGrantee, appSecurityGroup, dataFixture, ref, rolePolicies, synthJson, type DataFixture } from "../connections/fixtures";

function build(props: Partial<KafkaClusterProps> = {}, fixture: DataFixture = dataFixture()) {
  const kafka = new KafkaCluster(fixture.stack, "kafka", {
    name: "aec-platform-prod-kafka",
    network: fixture.network,
    key: fixture.keys.byClass.cache,
    logKey: fixture.keys.byClass.logs,
    ...props,
  });
  return { ...fixture, kafka, json: synthJson(fixture.stack), synth: Testing.synth(fixture.stack) };
}

describe("KafkaCluster (prod shape: the defaults)", () => {
  const { synth, json, kafka } = build();
  const cluster = resourceAt(json, "aws_msk_cluster", "kafka/cluster");

  it("runs 3 Kafka 4.1 (KRaft) brokers, one per AZ, in the data subnets", () => {
    expect(synth).toHaveResourceWithProperties(MskCluster, {
      cluster_name: "aec-platform-prod-kafka",
      kafka_version: "4.1.x.kraft",
      number_of_broker_nodes: 3,
      broker_node_group_info: {
        instance_type: "kafka.m7g.large",
        client_subnets: ["us-west-2a", "us-west-2b", "us-west-2c"].map((az) => ref(json, "aws_subnet", `network/data-${az}`, "id")),
        security_groups: [ref(json, "aws_security_group", "kafka/security-group", "id")],
        storage_info: { ebs_storage_info: { volume_size: 100 } },
        connectivity_info: { public_access: { type: "DISABLED" } },
      },
    });
  });

  it("encrypts at rest with the cache/broker key and in transit everywhere", () => {
    expect(synth).toHaveResourceWithProperties(MskCluster, {
      encryption_info: {
        encryption_at_rest_kms_key_arn: ref(json, "aws_kms_key", "keys/cache/key", "arn"),
        encryption_in_transit: { client_broker: "TLS", in_cluster: true },
      },
    });
  });

  it("authenticates clients with IAM only", () => {
    expect(synth).toHaveResourceWithProperties(MskCluster, {
      client_authentication: { sasl: { iam: true, scram: false }, unauthenticated: false },
    });
    expect(kafka.port).toBe(9098);
    expect(kafka.credentialsSecretArn).toBeUndefined();
  });

  it("replicates every partition 3 times and acknowledges with 2 in sync", () => {
    expect(synth).toHaveResourceWithProperties(MskConfiguration, {
      kafka_versions: ["4.1.x.kraft"],
      server_properties: [
        "default.replication.factor=3",
        "min.insync.replicas=2",
        "auto.create.topics.enable=false",
        "unclean.leader.election.enable=false",
      ].join("\n"),
    });
    expect(cluster.configuration_info).toEqual({
      arn: ref(json, "aws_msk_configuration", "kafka/configuration", "arn"),
      revision: ref(json, "aws_msk_configuration", "kafka/configuration", "latest_revision"),
    });
  });

  it("ships broker logs to an encrypted, expiring log group", () => {
    expect(synth).toHaveResourceWithProperties(MskCluster, {
      logging_info: { broker_logs: { cloudwatch_logs: { enabled: true, log_group: "/aec/platform/prod/kafka/broker-logs" } } },
    });
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/aec/platform/prod/kafka/broker-logs",
      retention_in_days: 365,
      kms_key_id: ref(json, "aws_kms_key", "keys/logs/key", "arn"),
    });
  });

  it("grows broker storage by target tracking up to the ceiling, never shrinking, and Terraform leaves the size alone", () => {
    expect(synth).toHaveResourceWithProperties(AppautoscalingTarget, {
      service_namespace: "kafka",
      scalable_dimension: "kafka:broker-storage:VolumeSize",
      resource_id: ref(json, "aws_msk_cluster", "kafka/cluster", "arn"),
      min_capacity: 1,
      max_capacity: 1000,
    });
    expect(synth).toHaveResourceWithProperties(AppautoscalingPolicy, {
      policy_type: "TargetTrackingScaling",
      target_tracking_scaling_policy_configuration: {
        predefined_metric_specification: { predefined_metric_type: "KafkaBrokerStorageUtilization" },
        target_value: 60,
        disable_scale_in: true,
      },
    });
    expect(cluster.lifecycle).toEqual({
      ignore_changes: ["broker_node_group_info[0].storage_info[0].ebs_storage_info[0].volume_size"],
    });
  });
});

describe("KafkaCluster (sized)", () => {
  const { synth } = build({ brokersPerAz: 2, instanceType: "kafka.m7g.xlarge", storageGiB: 500, maxStorageGiB: 4000 });

  it("scales brokers per AZ and the storage ceiling", () => {
    expect(synth).toHaveResourceWithProperties(MskCluster, {
      number_of_broker_nodes: 6,
      broker_node_group_info: expect.objectContaining({
        instance_type: "kafka.m7g.xlarge",
        storage_info: { ebs_storage_info: { volume_size: 500 } },
      }),
    });
    expect(synth).toHaveResourceWithProperties(AppautoscalingTarget, { max_capacity: 4000 });
  });
});

describe("KafkaCluster integrations", () => {
  it("admits an app-tier security group on 9098", () => {
    const fixture = dataFixture();
    build({}, fixture).kafka.allowFrom(appSecurityGroup(fixture));
    const rules = Object.values(synthJson(fixture.stack).resource?.aws_vpc_security_group_ingress_rule ?? {});
    expect(rules).toEqual([expect.objectContaining({ from_port: 9098, to_port: 9098 })]);
  });

  it("grants producing to one topic and consuming it as one group", () => {
    const fixture = dataFixture();
    const { kafka } = build({}, fixture);
    const role = appGrantee(fixture.stack);
    kafka.grantProduce(role, "file-uploaded");
    kafka.grantConsume(role, "file-uploaded", "processors");
    const json = synthJson(fixture.stack);
    const arn = ref(json, "aws_msk_cluster", "kafka/cluster", "arn");
    const uuid = ref(json, "aws_msk_cluster", "kafka/cluster", "cluster_uuid");
    const prefix =
      "arn:${data.aws_partition.aws-context-partition.partition}:kafka:${data.aws_region.aws-context-region.region}:${data.aws_caller_identity.aws-context-account.account_id}";
    const policies = rolePolicies(json);
    expect(policies["kafka-produce-file-uploaded"].Statement).toEqual([
      { Effect: "Allow", Action: ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"], Resource: arn },
      {
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"],
        Resource: `${prefix}:topic/aec-platform-prod-kafka/${uuid}/file-uploaded`,
      },
    ]);
    expect(policies["kafka-consume-file-uploaded-processors"].Statement[2]).toEqual({
      Effect: "Allow",
      Action: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
      Resource: `${prefix}:group/aec-platform-prod-kafka/${uuid}/processors`,
    });
  });

  it("fails to grant a wildcard topic or group", () => {
    const fixture = dataFixture();
    const { kafka } = build({}, fixture);
    expect(() => kafka.grantConsume(appGrantee(fixture.stack), "uploads", "*")).toThrow(
      'group: got "*"; expected 1-249 letters, digits, dots, underscores and dashes (no wildcards)',
    );
  });
});

describe("KafkaCluster props validation", () => {
  const fails = (props: Partial<KafkaClusterProps>, message: string | RegExp, fixture?: DataFixture) =>
    expect(() => build(props, fixture)).toThrow(message);

  it("fails for a cluster name MSK refuses", () => {
    fails({ name: "-kafka" }, 'kafka.name: got "-kafka"; expected 1-64 letters, digits and dashes');
  });

  it("fails for fewer than 3 brokers in total", () => {
    fails(
      {},
      "kafka.brokersPerAz: got 1; expected at least 3 brokers in total (replication factor 3); 1 x 2 AZs gives 2",
      dataFixture(["us-west-2a", "us-west-2b"]),
    );
  });

  it("fails for a network with one AZ", () => {
    fails({}, 'kafka.kind: got "kafka"; expected 2 or 3 availability zones for MSK brokers (the environment has 1)', dataFixture(["us-west-2a"]));
  });

  it("fails for a Kafka version missing from the catalog", () => {
    fails({ kafkaVersion: "3.6.0" as never }, 'kafka.kafkaVersion: got "3.6.0"; expected a kafka version from the kit\'s catalog (4.1.x.kraft)');
  });
});
