import { MqBroker } from "@cdktf/provider-aws/lib/mq-broker";
import { MskCluster } from "@cdktf/provider-aws/lib/msk-cluster";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Testing } from "cdktf";
import type { BrokerConfig } from "../../../common/broker";
import { KafkaCluster } from "../../../constructs/messaging/kafka-cluster";
import { RabbitMqBroker } from "../../../constructs/messaging/rabbitmq-broker";
import { countOf } from "../../helpers";
import { synthJson } from "../connections/fixtures";
import { brokerIn } from "./fixtures";

function build(config: BrokerConfig, multiAz: boolean, deletionProtection = multiAz) {
  const { fixture, broker } = brokerIn(config, { multiAz, deletionProtection });
  return { broker, json: synthJson(fixture.stack), synth: Testing.synth(fixture.stack) };
}

describe("createMessageBroker", () => {
  it("builds Amazon MQ for { kind: rabbitmq }, a cluster where the environment is multiAz", () => {
    const { broker, json, synth } = build({ kind: "rabbitmq" }, true);
    expect(broker).toBeInstanceOf(RabbitMqBroker);
    expect(broker.kind).toBe("rabbitmq");
    expect(synth).toHaveResourceWithProperties(MqBroker, {
      deployment_mode: "CLUSTER_MULTI_AZ",
      host_instance_type: "mq.m7g.large",
      engine_version: "4.2",
    });
    expect(synth).toHaveResourceWithProperties(MqBroker, { broker_name: "test-rabbitmq" });
    expect(countOf(json, "aws_msk_cluster")).toBe(0);
    expect(broker.credentialsSecretArn).toBeDefined();
  });

  it("builds a single small RabbitMQ broker where the environment is single-AZ, with a short secret recovery window", () => {
    const { synth } = build({ kind: "rabbitmq" }, false);
    expect(synth).toHaveResourceWithProperties(MqBroker, { deployment_mode: "SINGLE_INSTANCE", host_instance_type: "mq.m7g.medium" });
    expect(synth).toHaveResourceWithProperties(SecretsmanagerSecret, { recovery_window_in_days: 7 });
  });

  it("keeps what the config says over what the environment implies", () => {
    const { synth } = build({ kind: "rabbitmq", instanceType: "mq.m7g.xlarge", deploymentMode: "CLUSTER_MULTI_AZ", engineVersion: "3.13" }, false);
    expect(synth).toHaveResourceWithProperties(MqBroker, {
      deployment_mode: "CLUSTER_MULTI_AZ",
      host_instance_type: "mq.m7g.xlarge",
      engine_version: "3.13",
    });
  });

  it("builds MSK for { kind: kafka }, with the environment's log retention", () => {
    const { broker, json, synth } = build({ kind: "kafka", storageGiB: 200 }, true);
    expect(broker).toBeInstanceOf(KafkaCluster);
    expect(broker.kind).toBe("kafka");
    expect(broker.port).toBe(9098);
    expect(synth).toHaveResourceWithProperties(MskCluster, {
      cluster_name: "test-kafka",
      number_of_broker_nodes: 3,
      broker_node_group_info: expect.objectContaining({ storage_info: { ebs_storage_info: { volume_size: 200 } } }),
    });
    expect(Object.values(json.resource?.aws_cloudwatch_log_group ?? {}).map((g) => g.retention_in_days)).toContain(30);
    expect(countOf(json, "aws_mq_broker")).toBe(0);
    expect(countOf(json, "aws_secretsmanager_secret")).toBe(0);
  });
});
