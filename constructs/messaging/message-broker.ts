import type { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import type { BrokerConfig, BrokerKind } from "../../common/broker";
import type { Grantee } from "../core/grantee";
import type { EncryptionKey } from "../keys/encryption-key";
import type { Network } from "../network/network";
import type { DataService } from "../connections/client-security-group";
import { KafkaCluster } from "./kafka-cluster";
import { RabbitMqBroker } from "./rabbitmq-broker";

/** What the rest of the platform needs from a broker, whichever kind it is. */
export interface MessageBroker extends DataService {
  readonly kind: BrokerKind;
  readonly port: number;
  /** Where clients connect: the AMQPS URL, or Kafka's SASL/IAM bootstrap brokers. */
  readonly endpoint: string;
  /** Secret the publishers sign in with (RabbitMQ: the aec-publisher user's, never the admin's); undefined with IAM. */
  readonly credentialsSecretArn: string | undefined;
  /**
   * Lets `grantee` publish to `destination` (a Kafka topic; RabbitMQ routes inside the broker, so there the grant
   * is the credentials secret). Returns the policy, which the grantee already waits for.
   */
  grantPublish(grantee: Grantee, destination: string): IamRolePolicy;
  /** Lets `grantee` consume `source` as consumer group `group` (Kafka), or read the credentials (RabbitMQ). */
  grantConsume(grantee: Grantee, source: string, group: string): IamRolePolicy;
}

export interface MessageBrokerProps {
  /** Which broker, with its settings; what a RabbitMQ broker leaves open follows `multiAz`. */
  readonly broker: BrokerConfig;
  /** Broker or cluster name, e.g. `aec-platform-prod-rabbitmq`. */
  readonly name: string;
  readonly network: Network;
  /** Encrypts Kafka broker storage (RabbitMQ uses an AWS-owned key). */
  readonly dataKey: EncryptionKey;
  /** Encrypts the RabbitMQ admin secret. */
  readonly secretKey: EncryptionKey;
  /** Encrypts broker-log groups the kit creates. */
  readonly logKey: EncryptionKey;
  /** Picks the RabbitMQ instance type and deployment mode the broker settings leave open. */
  readonly multiAz: boolean;
  /** Admin-secret recovery window follows it: 30 days when protected, 7 otherwise. */
  readonly deletionProtection: boolean;
  readonly logRetentionDays: number;
}

/** RabbitMQ settings a broker gets when its settings leave them open, by whether it is multiAz. */
const RABBITMQ_DEFAULTS = {
  multiAz: { instanceType: "mq.m7g.large", deploymentMode: "CLUSTER_MULTI_AZ" },
  singleAz: { instanceType: "mq.m7g.medium", deploymentMode: "SINGLE_INSTANCE" },
} as const;

/** A message broker: one construct per kind, chosen by the settings' `kind`. */
export function createMessageBroker(scope: Construct, id: string, props: MessageBrokerProps): MessageBroker {
  const config = props.broker;
  switch (config.kind) {
    case "rabbitmq": {
      const defaults = props.multiAz ? RABBITMQ_DEFAULTS.multiAz : RABBITMQ_DEFAULTS.singleAz;
      return new RabbitMqBroker(scope, id, {
        name: props.name,
        network: props.network,
        secretKey: props.secretKey,
        engineVersion: config.engineVersion,
        instanceType: config.instanceType ?? defaults.instanceType,
        deploymentMode: config.deploymentMode ?? defaults.deploymentMode,
        secretRecoveryWindowDays: props.deletionProtection ? 30 : 7,
        userPasswordVersion: config.userPasswordVersion,
      });
    }
    case "kafka":
      return new KafkaCluster(scope, id, {
        name: props.name,
        network: props.network,
        key: props.dataKey,
        logKey: props.logKey,
        kafkaVersion: config.kafkaVersion,
        instanceType: config.instanceType,
        brokersPerAz: config.brokersPerAz,
        storageGiB: config.storageGiB,
        maxStorageGiB: config.maxStorageGiB,
        logRetentionDays: props.logRetentionDays,
      });
  }
}
