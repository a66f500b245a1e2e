import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import type { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { MskCluster } from "@cdktf/provider-aws/lib/msk-cluster";
import { MskConfiguration } from "@cdktf/provider-aws/lib/msk-configuration";
import { Construct } from "constructs";
import { checkKafkaBroker } from "../../common/broker";
import { throwIfProblems, type Problem } from "../../common/problems";
import { DEFAULT_VERSIONS, type KafkaVersion } from "../../common/versions";
import { awsContext } from "../core/aws-context";
import type { PolicyStatement } from "../iam/policy-document";
import type { EncryptionKey } from "../keys/encryption-key";
import type { Network } from "../network/network";
import { RoleGrants } from "../connections/role-grant";
import { DataSecurityGroup, type SecurityGroupPeer } from "../connections/security-group";
import { ServiceLogGroup } from "../connections/service-log-group";
import type { MessageBroker } from "./message-broker";
import type { Grantee } from "../core/grantee";

export interface KafkaClusterProps {
  /** Cluster name (at most 64 characters), e.g. `aec-platform-prod-kafka`. */
  readonly name: string;
  /** Brokers live in the network's isolated data subnets, spread evenly over its AZs. */
  readonly network: Network;
  /** Encrypts broker storage. */
  readonly key: EncryptionKey;
  /** Encrypts the broker-log group. */
  readonly logKey: EncryptionKey;
  /** @default DEFAULT_VERSIONS.kafka */
  readonly kafkaVersion?: KafkaVersion;
  /** @default "kafka.m7g.large" */
  readonly instanceType?: string;
  /** @default 1 */
  readonly brokersPerAz?: number;
  /** EBS storage per broker at creation. @default 100 */
  readonly storageGiB?: number;
  /** Storage autoscaling ceiling per broker. @default 1000 */
  readonly maxStorageGiB?: number;
  /** Retention of the broker logs (a CloudWatch Logs value). @default 365 */
  readonly logRetentionDays?: number;
}

const DEFAULTS = {
  kafkaVersion: DEFAULT_VERSIONS.kafka,
  instanceType: "kafka.m7g.large",
  brokersPerAz: 1,
  storageGiB: 100,
  maxStorageGiB: 1000,
  logRetentionDays: 365,
} as const;

/** MSK's listener for IAM-authenticated clients over TLS from inside the VPC. */
/** MSK's listener for IAM-authenticated clients (TLS), the only one the kit's clients use. */
export const KAFKA_SASL_IAM_PORT = 9098;
const CLUSTER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,63}$/;
const KAFKA_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

// Three copies of every partition and two in sync before a write is acknowledged: one broker (or AZ) can fail
// without losing acknowledged data or blocking producers. Topics are created deliberately, never by a typo.
const SERVER_PROPERTIES = [
  "default.replication.factor=3",
  "min.insync.replicas=2",
  "auto.create.topics.enable=false",
  "unclean.leader.election.enable=false",
].join("\n");

/**
 * Amazon MSK (Standard brokers): TLS between clients and brokers and inside the cluster, encrypted at rest with
 * the cache/broker key, IAM (SASL) authentication only, broker logs into an encrypted group, and storage that
 * grows by target tracking (it never shrinks: MSK cannot reduce broker storage).
 */
export class KafkaCluster extends Construct implements MessageBroker {
  readonly kind = "kafka";
  readonly cluster: MskCluster;
  readonly configuration: MskConfiguration;
  readonly connections: DataSecurityGroup;
  readonly port = KAFKA_SASL_IAM_PORT;
  /** Bootstrap brokers for SASL/IAM over TLS, comma-separated. */
  readonly endpoint: string;
  /** Kafka clients authenticate with IAM; there are no credentials to store. */
  readonly credentialsSecretArn = undefined;
  private readonly clusterName: string;
  private readonly grants = new RoleGrants(this);

  constructor(scope: Construct, id: string, props: KafkaClusterProps) {
    super(scope, id);
    const kafkaVersion = props.kafkaVersion ?? DEFAULTS.kafkaVersion;
    const instanceType = props.instanceType ?? DEFAULTS.instanceType;
    const brokersPerAz = props.brokersPerAz ?? DEFAULTS.brokersPerAz;
    const storageGiB = props.storageGiB ?? DEFAULTS.storageGiB;
    const maxStorageGiB = props.maxStorageGiB ?? DEFAULTS.maxStorageGiB;
    const azs = props.network.availabilityZones.length;
    const problems: Problem[] = checkKafkaBroker(
      this.node.path,
      { kafkaVersion, instanceType, brokersPerAz, storageGiB, maxStorageGiB },
      azs,
    );
    if (!CLUSTER_NAME.test(props.name)) {
      problems.push({
        field: `${this.node.path}.name`,
        value: props.name,
        expected: "1-64 letters, digits and dashes, starting with a letter or digit",
        fix: 'e.g. "aec-platform-prod-kafka"',
      });
    }
    throwIfProblems("KafkaCluster props", problems);
    this.clusterName = props.name;

    const brokerLogs = new ServiceLogGroup(this, "broker-logs", {
      name: kafkaBrokerLogGroupName(props.name),
      retentionDays: props.logRetentionDays ?? DEFAULTS.logRetentionDays,
      key: props.logKey,
    });
    this.configuration = new MskConfiguration(this, "configuration", {
      name: props.name,
      description: `${props.name}: replication factor 3, min.insync.replicas 2, no auto-created topics`,
      kafkaVersions: [kafkaVersion],
      serverProperties: SERVER_PROPERTIES,
    });
    this.connections = new DataSecurityGroup(this, "security-group", {
      name: props.name,
      service: "Kafka (SASL/IAM over TLS)",
      network: props.network,
      port: KAFKA_SASL_IAM_PORT,
    });
    this.cluster = new MskCluster(this, "cluster", {
      clusterName: props.name,
      kafkaVersion,
      numberOfBrokerNodes: brokersPerAz * azs,
      brokerNodeGroupInfo: {
        instanceType,
        clientSubnets: props.network.subnetIds("data"),
        securityGroups: [this.connections.securityGroup.id],
        storageInfo: { ebsStorageInfo: { volumeSize: storageGiB } },
        connectivityInfo: { publicAccess: { type: "DISABLED" } },
      },
      encryptionInfo: {
        encryptionAtRestKmsKeyArn: props.key.arn,
        encryptionInTransit: { clientBroker: "TLS", inCluster: true },
      },
      clientAuthentication: { sasl: { iam: true, scram: false }, unauthenticated: false },
      configurationInfo: { arn: this.configuration.arn, revision: this.configuration.latestRevision },
      loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: brokerLogs.name } } },
      enhancedMonitoring: "PER_BROKER",
      // Storage autoscaling raises the volume size; Terraform must not set it back.
      lifecycle: { ignoreChanges: ["broker_node_group_info[0].storage_info[0].ebs_storage_info[0].volume_size"] },
      dependsOn: [brokerLogs.logGroup],
    });
    this.endpoint = this.cluster.bootstrapBrokersSaslIam;

    const storage = new AppautoscalingTarget(this, "storage-scaling-target", {
      serviceNamespace: "kafka",
      resourceId: this.cluster.arn,
      scalableDimension: "kafka:broker-storage:VolumeSize",
      minCapacity: 1,
      maxCapacity: maxStorageGiB,
    });
    new AppautoscalingPolicy(this, "storage-scaling-policy", {
      name: `${props.name}-broker-storage`,
      policyType: "TargetTrackingScaling",
      serviceNamespace: storage.serviceNamespace,
      resourceId: storage.resourceId,
      scalableDimension: storage.scalableDimension,
      targetTrackingScalingPolicyConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: "KafkaBrokerStorageUtilization" },
        targetValue: 60,
        disableScaleIn: true,
      },
    });
  }

  allowFrom(peer: SecurityGroupPeer, description?: string): void {
    this.connections.allowFrom(peer, description);
  }

  /** MessageBroker's publish grant: write to the topic. */
  grantPublish(grantee: Grantee, topic: string): IamRolePolicy {
    return this.grantProduce(grantee, topic);
  }

  /** Lets `grantee` write to `topic` (IAM access control; the topic must exist). */
  grantProduce(grantee: Grantee, topic: string): IamRolePolicy {
    this.checkNames({ topic });
    return this.grants.grant(
      grantee,
      "produce",
      [
        ...this.clusterAccess(),
        { Effect: "Allow", Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"], Resource: this.arnOf("topic", topic) },
      ],
      topic,
    );
  }

  /** Lets `grantee` read `topic` as consumer group `group`. */
  grantConsume(grantee: Grantee, topic: string, group: string): IamRolePolicy {
    this.checkNames({ topic, group });
    return this.grants.grant(
      grantee,
      "consume",
      [
        ...this.clusterAccess(),
        { Effect: "Allow", Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"], Resource: this.arnOf("topic", topic) },
        { Effect: "Allow", Action: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"], Resource: this.arnOf("group", group) },
      ],
      `${topic}-${group}`,
    );
  }

  private clusterAccess(): PolicyStatement[] {
    return [{ Effect: "Allow", Action: ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"], Resource: this.cluster.arn }];
  }

  /** Topic and group ARNs carry the cluster's name and uuid: `arn:...:topic/<cluster>/<uuid>/<topic>`. */
  private arnOf(kind: "topic" | "group", name: string): string {
    const { partition, region, accountId } = awsContext(this);
    return `arn:${partition}:kafka:${region}:${accountId}:${kind}/${this.clusterName}/${this.cluster.clusterUuid}/${name}`;
  }

  private checkNames(names: Readonly<Record<string, string>>): void {
    throwIfProblems(
      `KafkaCluster grant at ${this.node.path}`,
      Object.entries(names)
        .filter(([, value]) => !KAFKA_NAME.test(value))
        .map(([field, value]) => ({
          field,
          value,
          expected: "1-249 letters, digits, dots, underscores and dashes (no wildcards)",
          fix: "grant each topic or group by its exact name",
        })),
    );
  }
}

export function kafkaBrokerLogGroupName(clusterName: string): string {
  return `/${clusterName.replace(/-/g, "/")}/broker-logs`;
}
