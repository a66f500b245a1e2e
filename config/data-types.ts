// Typed sizes of an environment's data tier (database, cache, broker, buckets). Pure data: no cdktf.
// The database, cache and broker shapes are the constructs' own, shared through common/ with their checks.
import type { BrokerConfig } from "../common/broker";
import type { CacheSizing, DatabaseSizing } from "../common/data-sizing";

export type { BrokerConfig, KafkaBrokerConfig, RabbitMqBrokerConfig, RabbitMqDeploymentMode } from "../common/broker";
export type { CacheClusterMode } from "../common/data-sizing";

export interface DatabaseConfig extends DatabaseSizing {
  /**
   * Generation of the master password: raise it by one to rotate (the instance and its secret get one new
   * password in the same apply), and after re-importing an instance (failback). @default 1
   */
  readonly masterPasswordVersion?: number;
}

export type CacheConfig = CacheSizing;

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
