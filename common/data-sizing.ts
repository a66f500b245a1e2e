// Sizes of the database and the cache, and their validation: shared by the environment configuration and the
// PostgresDatabase and ValkeyCache constructs, so a wrong size fails with the same message in an environment and in
// a hand-built stack. Pure: no cdktf.
import type { Problem } from "./problems";
import { checkCatalogVersion, type PostgresVersion, type ValkeyVersion } from "./versions";

/** Where a service is placed: what its sizes are checked against. */
export interface Placement {
  readonly multiAz: boolean;
  readonly availabilityZones: number;
  readonly deletionProtection: boolean;
}

export interface DatabaseSizing {
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
}

/**
 * `enabled`: data sharded over node groups, clients use a cluster-aware client (needs automatic failover, so at
 * least one replica per shard). `disabled`: one shard, for a single-node cache.
 */
export type CacheClusterMode = "enabled" | "disabled";

export interface CacheSizing {
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

export function checkDatabaseSizing(path: string, db: DatabaseSizing): Problem[] {
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

export function checkCacheSizing(
  path: string,
  cache: CacheSizing,
  placement: Pick<Placement, "multiAz" | "deletionProtection">,
): Problem[] {
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

/** Multi-AZ needs subnets in at least two AZs. */
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
