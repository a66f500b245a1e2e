// Validation of the data tier's sizes. The constructs run the same checks on their props, so a size that is wrong
// in an environment and a size that is wrong in a hand-built stack fail with the same message.
import type { Problem } from "../common/problems";
import {
  DEFAULT_BROKER,
  type BrokerConfig,
  type CacheConfig,
  type DatabaseConfig,
  type KafkaBrokerConfig,
  type RabbitMqBrokerConfig,
  type StorageConfig,
} from "./data-types";
import type { EnvironmentConfig } from "./types";
import { DEFAULT_VERSIONS, checkCatalogVersion } from "../common/versions";

/** Where a service is placed: what its sizes are checked against. */
export interface Placement {
  readonly multiAz: boolean;
  readonly availabilityZones: number;
  readonly deletionProtection: boolean;
}

/** Every problem in an environment's data tier; `project` is needed to check bucket-name lengths. */
export function checkDataTier(project: string, env: EnvironmentConfig): Problem[] {
  const at = `${env.name}.data`;
  const data = env.data;
  if (!data) {
    return [
      {
        field: at,
        value: undefined,
        expected: "the environment's data tier sizes (database, cache, storage; broker optional)",
        fix: "copy the data block of a similar environment in config/environments.ts and adjust the sizes",
      },
    ];
  }
  const placement: Placement = {
    multiAz: env.multiAz,
    availabilityZones: new Set(env.availabilityZones).size,
    deletionProtection: env.deletionProtection,
  };
  return [
    ...checkDatabaseSizing(`${at}.database`, data.database),
    ...checkCacheSizing(`${at}.cache`, data.cache, placement),
    ...checkBroker(`${at}.broker`, data.broker ?? DEFAULT_BROKER, placement),
    ...checkStorage(`${at}.storage`, data.storage, `${project}-${env.name}`),
  ];
}

export function checkDatabaseSizing(path: string, db: DatabaseConfig): Problem[] {
  const problems = checkCatalogVersion(`${path}.engineVersion`, "postgres", db.engineVersion);
  if (!/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(db.instanceClass)) {
    problems.push({
      field: `${path}.instanceClass`,
      value: db.instanceClass,
      expected: "an RDS instance class such as db.r8g.large or db.t4g.small",
      fix: "pick a class from the RDS for PostgreSQL instance class list",
    });
  }
  problems.push(
    ...wholeNumberIn(`${path}.storageGiB`, db.storageGiB, 20, 65536, "gp3 storage of 20 to 65536 GiB", "e.g. 100"),
  );
  const minCeiling = Math.ceil((db.storageGiB * 11) / 10);
  problems.push(
    ...wholeNumberIn(
      `${path}.maxStorageGiB`,
      db.maxStorageGiB,
      minCeiling,
      65536,
      `an autoscaling ceiling of at least 10% above storageGiB (${minCeiling}) and at most 65536 GiB`,
      "raise maxStorageGiB, or lower storageGiB",
    ),
  );
  problems.push(
    ...wholeNumberIn(
      `${path}.backupRetentionDays`,
      db.backupRetentionDays,
      7,
      35,
      "7 to 35 days of automated backups (RDS allows at most 35; the kit asks for at least a week everywhere)",
      "use 30 for production and at least 7 elsewhere",
    ),
  );
  problems.push(
    ...wholeNumberIn(
      `${path}.slowQueryThresholdMs`,
      db.slowQueryThresholdMs,
      0,
      3_600_000,
      "a slow-query threshold of 0 ms (log every statement) to 3600000 ms",
      "e.g. 1000 to log statements slower than a second",
    ),
  );
  return problems;
}

export function checkCacheSizing(path: string, cache: CacheConfig, placement: Placement): Problem[] {
  const problems = checkCatalogVersion(`${path}.engineVersion`, "valkey", cache.engineVersion);
  if (!/^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(cache.nodeType)) {
    problems.push({
      field: `${path}.nodeType`,
      value: cache.nodeType,
      expected: "an ElastiCache node type such as cache.r7g.large or cache.t4g.micro",
      fix: "pick a node type that supports encryption at rest and in transit (current Graviton families do)",
    });
  }
  if (cache.clusterMode !== "enabled" && cache.clusterMode !== "disabled") {
    problems.push({
      field: `${path}.clusterMode`,
      value: cache.clusterMode,
      expected: 'one of "enabled" | "disabled"',
      fix: 'use "enabled" for sharded caches, "disabled" for a single node',
    });
  }
  const maxShards = cache.clusterMode === "disabled" ? 1 : 500;
  problems.push(
    ...wholeNumberIn(
      `${path}.shards`,
      cache.shards,
      1,
      maxShards,
      cache.clusterMode === "disabled" ? "exactly 1 shard, because clusterMode is disabled" : "1 to 500 shards",
      cache.clusterMode === "disabled" ? 'set shards: 1, or clusterMode: "enabled"' : "e.g. 3",
    ),
  );
  problems.push(
    ...wholeNumberIn(`${path}.replicasPerShard`, cache.replicasPerShard, 0, 5, "0 to 5 replicas per shard", "e.g. 1"),
  );
  if (cache.replicasPerShard > 0 && !cache.automaticFailover) {
    problems.push({
      field: `${path}.automaticFailover`,
      value: false,
      expected: "true when there are replicas: a replica that is never promoted does not protect against a failed primary",
      fix: "set automaticFailover: true, or replicasPerShard: 0",
    });
  }
  if (cache.replicasPerShard === 0 && cache.automaticFailover) {
    problems.push({
      field: `${path}.automaticFailover`,
      value: true,
      expected: "false when there are no replicas: there is nothing to fail over to",
      fix: "add a replica (replicasPerShard: 1), or set automaticFailover: false",
    });
  }
  if (cache.clusterMode === "enabled" && cache.replicasPerShard === 0) {
    problems.push({
      field: `${path}.clusterMode`,
      value: "enabled",
      expected: "at least one replica per shard, because ElastiCache requires automatic failover in cluster mode",
      fix: 'add a replica, or use clusterMode: "disabled" for a single node',
    });
  }
  if (placement.multiAz && cache.replicasPerShard === 0) {
    problems.push({
      field: `${path}.replicasPerShard`,
      value: 0,
      expected: "at least 1 replica, because the environment is multiAz and Multi-AZ places replicas in other AZs",
      fix: "set replicasPerShard: 1 (and automaticFailover: true), or make the environment single-AZ",
    });
  }
  const minSnapshots = placement.deletionProtection ? 7 : 0;
  problems.push(
    ...wholeNumberIn(
      `${path}.snapshotRetentionDays`,
      cache.snapshotRetentionDays,
      minSnapshots,
      35,
      placement.deletionProtection
        ? "7 to 35 days of snapshots, because the environment has deletion protection"
        : "0 to 35 days of snapshots",
      "e.g. 7",
    ),
  );
  return problems;
}

export function checkBroker(path: string, broker: BrokerConfig, placement: Placement): Problem[] {
  switch (broker.kind) {
    case "rabbitmq":
      return checkRabbitMq(path, broker, placement);
    case "kafka":
      return checkKafka(path, broker, placement);
    default:
      return [
        {
          field: `${path}.kind`,
          value: (broker as { kind?: unknown }).kind,
          expected: 'one of "rabbitmq" | "kafka"',
          fix: 'use { kind: "rabbitmq" } (the default) or { kind: "kafka" }',
        },
      ];
  }
}

function checkRabbitMq(path: string, broker: RabbitMqBrokerConfig, placement: Placement): Problem[] {
  const problems: Problem[] = [];
  if (broker.engineVersion !== undefined) {
    problems.push(...checkCatalogVersion(`${path}.engineVersion`, "rabbitmq", broker.engineVersion));
  }
  const version: string = broker.engineVersion ?? DEFAULT_VERSIONS.rabbitmq;
  const type = broker.instanceType;
  if (type !== undefined && !/^mq\.[a-z0-9]+\.[a-z0-9]+$/.test(type)) {
    problems.push({
      field: `${path}.instanceType`,
      value: type,
      expected: "an Amazon MQ instance type such as mq.m7g.large",
      fix: "use mq.m7g.medium for testing, mq.m7g.large or bigger for production",
    });
  } else if (type !== undefined && version.startsWith("4.") && !type.startsWith("mq.m7g.")) {
    problems.push({
      field: `${path}.instanceType`,
      value: type,
      expected: "an mq.m7g.* instance type, because Amazon MQ runs RabbitMQ 4 on m7g only",
      fix: 'use mq.m7g.medium or mq.m7g.large, or engineVersion: "3.13"',
    });
  }
  const mode = broker.deploymentMode;
  if (mode !== undefined && mode !== "SINGLE_INSTANCE" && mode !== "CLUSTER_MULTI_AZ") {
    problems.push({
      field: `${path}.deploymentMode`,
      value: mode,
      expected: 'one of "SINGLE_INSTANCE" | "CLUSTER_MULTI_AZ"',
      fix: "use CLUSTER_MULTI_AZ for production, SINGLE_INSTANCE for development",
    });
  }
  if (mode === "CLUSTER_MULTI_AZ" && placement.availabilityZones < 2) {
    problems.push({
      field: `${path}.deploymentMode`,
      value: mode,
      expected: "at least 2 availability zones for a multi-AZ cluster",
      fix: "add AZs to the environment, or use SINGLE_INSTANCE",
    });
  }
  if (mode === "SINGLE_INSTANCE" && placement.multiAz) {
    problems.push({
      field: `${path}.deploymentMode`,
      value: mode,
      expected: "CLUSTER_MULTI_AZ, because the environment is multiAz and a single broker lives in one AZ",
      fix: "use CLUSTER_MULTI_AZ, or make the environment single-AZ",
    });
  }
  return problems;
}

function checkKafka(path: string, broker: KafkaBrokerConfig, placement: Placement): Problem[] {
  const problems: Problem[] = [];
  if (broker.kafkaVersion !== undefined) {
    problems.push(...checkCatalogVersion(`${path}.kafkaVersion`, "kafka", broker.kafkaVersion));
  }
  if (broker.instanceType !== undefined && !/^kafka\.[a-z0-9]+\.[a-z0-9]+$/.test(broker.instanceType)) {
    problems.push({
      field: `${path}.instanceType`,
      value: broker.instanceType,
      expected: "an MSK Standard broker instance type such as kafka.m7g.large",
      fix: "pick an instance type from the MSK broker sizes",
    });
  }
  if (placement.availabilityZones < 2 || placement.availabilityZones > 3) {
    problems.push({
      field: `${path}.kind`,
      value: "kafka",
      expected: `2 or 3 availability zones for MSK brokers (the environment has ${placement.availabilityZones})`,
      fix: "spread the environment over 3 AZs, or use the rabbitmq broker",
    });
  }
  const perAz = broker.brokersPerAz ?? 1;
  problems.push(...wholeNumberIn(`${path}.brokersPerAz`, perAz, 1, 30, "1 to 30 brokers per AZ", "e.g. 1"));
  if (Number.isInteger(perAz) && perAz >= 1 && perAz * placement.availabilityZones < 3) {
    problems.push({
      field: `${path}.brokersPerAz`,
      value: perAz,
      expected: `at least 3 brokers in total (replication factor 3); ${perAz} x ${placement.availabilityZones} AZs gives ${perAz * placement.availabilityZones}`,
      fix: "spread the environment over 3 AZs, or raise brokersPerAz",
    });
  }
  const storage = broker.storageGiB ?? 100;
  problems.push(...wholeNumberIn(`${path}.storageGiB`, storage, 1, 16384, "1 to 16384 GiB per broker", "e.g. 100"));
  problems.push(
    ...wholeNumberIn(
      `${path}.maxStorageGiB`,
      broker.maxStorageGiB ?? 1000,
      storage + 1,
      16384,
      `an autoscaling ceiling above storageGiB (${storage}) and at most 16384 GiB per broker`,
      "raise maxStorageGiB, or lower storageGiB",
    ),
  );
  return problems;
}

const SUFFIX_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/** Longest purpose name the kit gives a bucket (`documents`). */
const LONGEST_PURPOSE = "documents";
/** An account id has 12 digits; the default suffix. */
const ACCOUNT_ID_LENGTH = 12;

/** `namePrefix` is `<project>-<env>`, the start of every bucket name. */
export function checkStorage(path: string, storage: StorageConfig, namePrefix: string): Problem[] {
  const problems: Problem[] = [];
  const suffix = storage.bucketNameSuffix;
  if (suffix !== undefined && !SUFFIX_PATTERN.test(suffix)) {
    problems.push({
      field: `${path}.bucketNameSuffix`,
      value: suffix,
      expected: "lower-case letters, digits and dashes, starting and ending with a letter or digit",
      fix: 'e.g. "acme-7f3k"; or leave it out to use the account id',
    });
  }
  const longest = `${namePrefix}-${LONGEST_PURPOSE}-`.length + (suffix?.length ?? ACCOUNT_ID_LENGTH);
  if (longest > 63) {
    problems.push({
      field: `${path}.bucketNameSuffix`,
      value: suffix ?? "<account id>",
      expected: `bucket names of at most 63 characters; ${namePrefix}-${LONGEST_PURPOSE}-<suffix> has ${longest}`,
      fix: "shorten the suffix, the project name or the environment name",
    });
  }
  problems.push(
    ...wholeNumberIn(
      `${path}.noncurrentVersionExpirationDays`,
      storage.noncurrentVersionExpirationDays,
      1,
      3650,
      "1 to 3650 days before replaced or deleted versions expire",
      "e.g. 90 in production, 7 in development",
    ),
  );
  problems.push(
    ...wholeNumberIn(
      `${path}.accessLogExpirationDays`,
      storage.accessLogExpirationDays,
      31,
      3650,
      "31 to 3650 days of access logs (they move to Standard-IA after 30 days first)",
      "e.g. 365 in production",
    ),
  );
  return problems;
}

/** For constructs: Multi-AZ needs subnets in at least two AZs. */
export function checkMultiAzPlacement(field: string, multiAz: boolean, availabilityZones: number): Problem[] {
  if (!multiAz || availabilityZones >= 2) return [];
  return [
    {
      field,
      value: multiAz,
      expected: `at least 2 availability zones for Multi-AZ (the network has ${availabilityZones})`,
      fix: "use a network spread over 2 or more AZs, or set multiAz: false",
    },
  ];
}

export function wholeNumberIn(
  field: string,
  value: number,
  min: number,
  max: number,
  expected: string,
  fix: string,
): Problem[] {
  if (Number.isInteger(value) && value >= min && value <= max) return [];
  return [{ field, value, expected, fix }];
}
