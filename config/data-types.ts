// Typed sizes of an environment's data tier (database, cache, broker, buckets). Pure data: no cdktf.
import type { KafkaVersion, PostgresVersion, RabbitMqVersion, ValkeyVersion } from "../common/versions";

export interface DatabaseConfig {
  /** PostgreSQL major version from the catalog (common/versions.ts). */
  readonly engineVersion: PostgresVersion;
  /** RDS instance class, e.g. `db.r8g.large`. */
  readonly instanceClass: string;
  /** Storage allocated at creation (gp3), in GiB. */
  readonly storageGiB: number;
  /** Ceiling for storage autoscaling, in GiB; at least 10% above storageGiB. */
  readonly maxStorageGiB: number;
  /** Automated backup retention, 7 to 35 days. */
  readonly backupRetentionDays: number;
  /** Statements slower than this are logged (log_min_duration_statement), in milliseconds. */
  readonly slowQueryThresholdMs: number;
  /**
   * Generation of the master password: raise it by one to rotate (the instance and its secret get one new
   * password in the same apply), and after re-importing an instance (failback). @default 1
   */
  readonly masterPasswordVersion?: number;
}

/**
 * `enabled`: data sharded over node groups, clients use a cluster-aware client (needs automatic failover, so at
 * least one replica per shard). `disabled`: one shard, for a single-node cache.
 */
export type CacheClusterMode = "enabled" | "disabled";

export interface CacheConfig {
  readonly engineVersion: ValkeyVersion;
  /** ElastiCache node type, e.g. `cache.r7g.large`. */
  readonly nodeType: string;
  readonly clusterMode: CacheClusterMode;
  /** Node groups (shards), 1 to 500; exactly 1 when cluster mode is disabled. */
  readonly shards: number;
  /** Read replicas per shard, 0 to 5. */
  readonly replicasPerShard: number;
  /** Promote a replica when a primary fails; needs at least one replica per shard. */
  readonly automaticFailover: boolean;
  /** Daily snapshots kept, 0 to 35 days (at least 7 where deletion protection is on). */
  readonly snapshotRetentionDays: number;
}

/**
 * Amazon MQ deployment: `SINGLE_INSTANCE` (one broker in one AZ) or `CLUSTER_MULTI_AZ` (three nodes over AZs
 * behind one endpoint).
 */
export type RabbitMqDeploymentMode = "SINGLE_INSTANCE" | "CLUSTER_MULTI_AZ";

export interface RabbitMqBrokerConfig {
  readonly kind: "rabbitmq";
  /** @default DEFAULT_VERSIONS.rabbitmq */
  readonly engineVersion?: RabbitMqVersion;
  /** Amazon MQ instance type, e.g. `mq.m7g.large`. @default "mq.m7g.large" when the environment is multiAz, else "mq.m7g.medium" */
  readonly instanceType?: string;
  /** @default "CLUSTER_MULTI_AZ" when the environment is multiAz, else "SINGLE_INSTANCE" */
  readonly deploymentMode?: RabbitMqDeploymentMode;
}

export interface KafkaBrokerConfig {
  readonly kind: "kafka";
  /** @default DEFAULT_VERSIONS.kafka */
  readonly kafkaVersion?: KafkaVersion;
  /** MSK broker instance type, e.g. `kafka.m7g.large`. @default "kafka.m7g.large" */
  readonly instanceType?: string;
  /** Brokers in each AZ of the environment; total brokers = brokersPerAz x AZs, at least 3. @default 1 */
  readonly brokersPerAz?: number;
  /** EBS storage per broker at creation, in GiB. @default 100 */
  readonly storageGiB?: number;
  /** Ceiling for storage autoscaling per broker, in GiB (MSK allows up to 16384). @default 1000 */
  readonly maxStorageGiB?: number;
}

/** Message broker, chosen per environment. */
export type BrokerConfig = RabbitMqBrokerConfig | KafkaBrokerConfig;

/** The broker an environment gets when it names none. */
export const DEFAULT_BROKER: BrokerConfig = { kind: "rabbitmq" };

export interface StorageConfig {
  /**
   * Last part of every bucket name (`<project>-<env>-<purpose>-<suffix>`), to make names globally unique.
   * @default the AWS account id, known at apply time
   */
  readonly bucketNameSuffix?: string;
  /** Days a replaced or deleted object version is kept before it expires. */
  readonly noncurrentVersionExpirationDays: number;
  /** Days server access logs are kept in the logs bucket. */
  readonly accessLogExpirationDays: number;
}

export interface DataTierConfig {
  readonly database: DatabaseConfig;
  readonly cache: CacheConfig;
  /** @default DEFAULT_BROKER (RabbitMQ) */
  readonly broker?: BrokerConfig;
  readonly storage: StorageConfig;
}
