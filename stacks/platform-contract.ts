import { DEFAULT_BROKER } from "../config/data-types";
import type { AwsRegion, EnvironmentConfig } from "../config/types";
import { VALKEY_PORT } from "../constructs/cache/valkey-cache";
import { POSTGRES_PORT } from "../constructs/database/postgres-database";
import { DATA_CLASSES, platformKeyAlias, type DataClass } from "../constructs/keys/platform-keys";
import { KAFKA_SASL_IAM_PORT } from "../constructs/messaging/kafka-cluster";
import { AMQPS_PORT } from "../constructs/messaging/rabbitmq-broker";
import { BUCKET_PURPOSES, platformBucketName, type BucketPurpose } from "../constructs/storage/platform-buckets";

/**
 * What other stacks rely on about an environment's `<env>-platform` without reading its state: the names they find
 * its resources by, and the ports they open to them. `<env>-cluster-addons` finds the cluster and its keys by name;
 * a primary replicates into its recovery environment's buckets and keys; a recovery environment's database follows
 * its primary's. Made only by platformContract: the platform stack names its resources from it, and each consumer
 * finds them through it, so a name changes in one place for both sides.
 */
export interface PlatformContract {
  readonly environment: string;
  readonly region: AwsRegion;
  /** `<project>-<env>`: the prefix of the platform's resource names and key aliases. */
  readonly namePrefix: string;
  /** The EKS cluster. Subnets are tagged for it; `<env>-cluster-addons` finds the cluster and its volume key by it. */
  readonly clusterName: string;
  /** The RDS instance; a recovery environment's replica names it in its source ARN. */
  readonly databaseIdentifier: string;
  readonly cacheName: string;
  /** `<prefix>-<kind>`; a Kafka broker's log group is named after it. */
  readonly brokerName: string;
  /** KMS key aliases by data class, without `alias/`, as PlatformKeys creates them from `namePrefix`. */
  readonly keyAliases: Readonly<Record<DataClass, string>>;
  /**
   * Bucket names by purpose, as PlatformBuckets creates them from `namePrefix` and `bucketNameSuffix`. `accountId`
   * is the suffix when the environment fixes none (a stack passes its own account id: known at apply, same account).
   */
  readonly bucketNames: (accountId: string) => Readonly<Record<BucketPurpose, string>>;
  /** @default the account id */
  readonly bucketNameSuffix?: string;
  /** Loki's bucket (environments whose logs are `simple-scalable`), `<namePrefix>-loki-<suffix>` like the others. */
  readonly lokiBucketName: (accountId: string) => string;
  /** Secrets Manager names of the environment start with `<secretPrefix>/`; External Secrets may read only those. */
  readonly secretPrefix: string;
  /** ECR repositories are `<repositoryPrefix>/<workload>`: a recovery environment keeps its primary's, which replication writes. */
  readonly repositoryPrefix: string;
  /** The VPC's range: the cluster's workloads may reach the data tier inside it. */
  readonly vpcCidr: string;
  /**
   * The processing worker, whose halves live in both stacks: `<env>-platform` makes its Pod Identity role and
   * grants (beside the resources granted), `<env>-cluster-addons` its namespace, service account and Deployment.
   */
  readonly processingWorker: ProcessingWorkerContract;
  /** The data tier's ports, which the cluster's network policies open towards the VPC. */
  readonly dataPorts: Readonly<{ postgresql: number; valkey: number; amqps: number; kafkaTls: number; kafkaIam: number }>;
}

export interface ProcessingWorkerContract {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** IAM role name; the Pod Identity association binds it to namespace/serviceAccount. */
  readonly roleName: string;
  /** PostgreSQL role the worker signs in as with IAM tokens (created by the migration). */
  readonly databaseUser: string;
  /** ECR repository name under `repositoryPrefix`. */
  readonly repository: string;
  /**
   * Secrets Manager name of the broker user's `{username,password}` secret, written by the deploy-time broker
   * setup under the environment's prefix (External Secrets may read only there).
   */
  readonly brokerSecretName: string;
  /** Kafka consumer group (Kafka environments). */
  readonly consumerGroup: string;
}

/** Namespace of the processing worker. */
export const PROCESSING_NAMESPACE = "aec-processing";

/** `<project>-<env>`: what every stack of an environment starts its resource names with. */
export function namePrefixOf(project: string, environmentName: string): string {
  return `${project}-${environmentName}`;
}

/** The contract of `environment`'s platform stack in `project`. */
export function platformContract(project: string, environment: EnvironmentConfig): PlatformContract {
  const namePrefix = namePrefixOf(project, environment.name);
  const bucketNameSuffix = environment.data.storage.bucketNameSuffix;
  return {
    environment: environment.name,
    region: environment.region,
    namePrefix,
    clusterName: namePrefix,
    databaseIdentifier: `${namePrefix}-postgres`,
    cacheName: `${namePrefix}-cache`,
    brokerName: `${namePrefix}-${(environment.data.broker ?? DEFAULT_BROKER).kind}`,
    keyAliases: Object.fromEntries(DATA_CLASSES.map((c) => [c, platformKeyAlias(namePrefix, c)])) as Record<DataClass, string>,
    bucketNames: (accountId) =>
      Object.fromEntries(BUCKET_PURPOSES.map((p) => [p, platformBucketName(namePrefix, p, bucketNameSuffix ?? accountId)])) as Record<BucketPurpose, string>,
    bucketNameSuffix,
    lokiBucketName: (accountId) => `${namePrefix}-loki-${bucketNameSuffix ?? accountId}`,
    secretPrefix: `${project}/${environment.name}`,
    repositoryPrefix: `${project}/${environment.disasterRecovery?.primary ?? environment.name}`,
    vpcCidr: environment.network.vpcCidr,
    processingWorker: {
      namespace: PROCESSING_NAMESPACE,
      serviceAccount: "processing-worker",
      roleName: `${namePrefix}-processing-worker`,
      databaseUser: "aec_worker",
      repository: "processing-worker",
      brokerSecretName: `${project}/${environment.name}/broker/aec-worker`,
      consumerGroup: "aec-processing",
    },
    dataPorts: {
      postgresql: POSTGRES_PORT,
      valkey: VALKEY_PORT,
      amqps: AMQPS_PORT,
      // MSK's TLS listener. The kit's Kafka clients use IAM (kafkaIam) only; it stays open so the policy is unchanged.
      kafkaTls: 9094,
      kafkaIam: KAFKA_SASL_IAM_PORT,
    },
  };
}
