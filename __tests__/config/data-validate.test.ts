import type { BrokerConfig, CacheConfig, DataTierConfig, DatabaseConfig, StorageConfig } from "../../config/data-types";
import { checkDataTier } from "../../config/data-validate";
import { dev, platform, prod, staging } from "../../config/environments";
import { formatProblems } from "../../common/problems";
import type { EnvironmentConfig } from "../../config/types";
import { checkProject } from "../../config/validate";

interface Patch {
  readonly database?: Partial<DatabaseConfig>;
  readonly cache?: Partial<CacheConfig>;
  readonly broker?: BrokerConfig;
  readonly storage?: Partial<StorageConfig>;
}

/** The data-tier problems of `base` with `patch` applied, as the one message a synth would print. */
function problemsOf(base: EnvironmentConfig, patch: Patch, env: Partial<EnvironmentConfig> = {}, project = "aec-platform"): string {
  const data: DataTierConfig = {
    database: { ...base.data.database, ...patch.database },
    cache: { ...base.data.cache, ...patch.cache },
    broker: patch.broker ?? base.data.broker,
    storage: { ...base.data.storage, ...patch.storage },
  };
  return formatProblems("data tier", checkDataTier(project, { ...base, ...env, data }));
}

describe("shipped environments", () => {
  it("have valid data tiers", () => {
    expect(checkProject(platform)).toEqual([]);
  });

  it("keep 30 days of database backups in production and at least 7 everywhere", () => {
    expect(prod.data.database.backupRetentionDays).toBe(30);
    for (const env of platform.environments) expect(env.data.database.backupRetentionDays).toBeGreaterThanOrEqual(7);
  });

  it("size the cache 3x1 in production, 1x1 in staging and one node in dev", () => {
    const shape = (c: CacheConfig) => [c.clusterMode, c.shards, c.replicasPerShard];
    expect(shape(prod.data.cache)).toEqual(["enabled", 3, 1]);
    expect(shape(staging.data.cache)).toEqual(["enabled", 1, 1]);
    expect(shape(dev.data.cache)).toEqual(["disabled", 1, 0]);
  });

  it("ship RabbitMQ everywhere: a cluster in production, a single instance in dev", () => {
    for (const env of platform.environments) expect([env.name, env.data.broker?.kind ?? "rabbitmq"]).toEqual([env.name, "rabbitmq"]);
    expect(prod.data.broker).toMatchObject({ deploymentMode: "CLUSTER_MULTI_AZ" });
    expect(dev.data.broker).toMatchObject({ deploymentMode: "SINGLE_INSTANCE" });
  });

  it("accept a Kafka broker and an omitted broker (RabbitMQ by default)", () => {
    expect(problemsOf(prod, { broker: { kind: "kafka" } })).toBe(formatProblems("data tier", []));
    expect(formatProblems("x", checkDataTier("aec-platform", { ...dev, data: { ...dev.data, broker: undefined } }))).toBe(
      formatProblems("x", []),
    );
  });
});

describe("data tier validation", () => {
  it("fails when an environment has no data tier", () => {
    const noData = { ...dev, data: undefined } as unknown as EnvironmentConfig;
    expect(formatProblems("x", checkDataTier("aec-platform", noData))).toContain(
      "dev.data: got nothing; expected the environment's data tier sizes (database, cache, storage; broker optional)",
    );
  });

  describe("database", () => {
    it("fails for an engine version missing from the catalog", () => {
      expect(problemsOf(prod, { database: { engineVersion: "15" as never } })).toContain(
        'prod.data.database.engineVersion: got "15"; expected a postgres version from the kit\'s catalog (17)',
      );
    });

    it("fails for an instance class that is not an RDS class", () => {
      expect(problemsOf(prod, { database: { instanceClass: "m5.large" } })).toContain(
        'prod.data.database.instanceClass: got "m5.large"; expected an RDS instance class such as db.r8g.large',
      );
    });

    it("fails for storage outside gp3's range", () => {
      expect(problemsOf(prod, { database: { storageGiB: 70000 } })).toContain(
        "prod.data.database.storageGiB: got 70000; expected gp3 storage of 20 to 65536 GiB",
      );
    });

    it("fails for an autoscaling ceiling too close to the storage", () => {
      expect(problemsOf(prod, { database: { storageGiB: 100, maxStorageGiB: 100 } })).toContain(
        "prod.data.database.maxStorageGiB: got 100; expected an autoscaling ceiling of at least 10% above storageGiB (110)",
      );
    });

    it("fails for backup retention out of range", () => {
      expect(problemsOf(dev, { database: { backupRetentionDays: 1 } })).toContain(
        "dev.data.database.backupRetentionDays: got 1; expected 7 to 35 days of automated backups",
      );
    });

    it("fails for a slow-query threshold out of range", () => {
      expect(problemsOf(dev, { database: { slowQueryThresholdMs: 0.5 } })).toContain(
        "dev.data.database.slowQueryThresholdMs: got 0.5; expected a slow-query threshold of 0 ms",
      );
    });
  });

  describe("cache", () => {
    it("fails for an engine version missing from the catalog", () => {
      expect(problemsOf(prod, { cache: { engineVersion: "7.1" as never } })).toContain(
        'prod.data.cache.engineVersion: got "7.1"; expected a valkey version from the kit\'s catalog (8.2)',
      );
    });

    it("fails for a node type that is not an ElastiCache type", () => {
      expect(problemsOf(prod, { cache: { nodeType: "r7g.large" } })).toContain(
        'prod.data.cache.nodeType: got "r7g.large"; expected an ElastiCache node type',
      );
    });

    it("fails for an unknown cluster mode", () => {
      expect(problemsOf(prod, { cache: { clusterMode: "on" as never } })).toContain(
        'prod.data.cache.clusterMode: got "on"; expected one of "enabled" | "disabled"',
      );
    });

    it("fails for several shards without cluster mode", () => {
      expect(problemsOf(dev, { cache: { shards: 2 } })).toContain(
        "dev.data.cache.shards: got 2; expected exactly 1 shard, because clusterMode is disabled",
      );
    });

    it("fails for a shard count out of range", () => {
      expect(problemsOf(prod, { cache: { shards: 0 } })).toContain("prod.data.cache.shards: got 0; expected 1 to 500 shards");
    });

    it("fails for a replica count out of range", () => {
      expect(problemsOf(prod, { cache: { replicasPerShard: 6 } })).toContain(
        "prod.data.cache.replicasPerShard: got 6; expected 0 to 5 replicas per shard",
      );
    });

    it("fails for replicas without failover", () => {
      expect(problemsOf(prod, { cache: { automaticFailover: false } })).toContain(
        "prod.data.cache.automaticFailover: got false; expected true when there are replicas",
      );
    });

    it("fails for failover without replicas", () => {
      expect(problemsOf(dev, { cache: { automaticFailover: true } })).toContain(
        "dev.data.cache.automaticFailover: got true; expected false when there are no replicas",
      );
    });

    it("fails for cluster mode without replicas", () => {
      expect(problemsOf(dev, { cache: { clusterMode: "enabled" } })).toContain(
        'dev.data.cache.clusterMode: got "enabled"; expected at least one replica per shard, because ElastiCache requires automatic failover in cluster mode',
      );
    });

    it("fails for Multi-AZ asked with a single node per shard", () => {
      expect(problemsOf(staging, { cache: { replicasPerShard: 0, automaticFailover: false } })).toContain(
        "staging.data.cache.replicasPerShard: got 0; expected at least 1 replica, because the environment is multiAz",
      );
    });

    it("fails for under a week of snapshots where deletion protection is on", () => {
      expect(problemsOf(prod, { cache: { snapshotRetentionDays: 3 } })).toContain(
        "prod.data.cache.snapshotRetentionDays: got 3; expected 7 to 35 days of snapshots, because the environment has deletion protection",
      );
    });

    it("fails for more snapshots than ElastiCache keeps", () => {
      expect(problemsOf(dev, { cache: { snapshotRetentionDays: 40 } })).toContain(
        "dev.data.cache.snapshotRetentionDays: got 40; expected 0 to 35 days of snapshots",
      );
    });
  });

  describe("broker", () => {
    it("fails for an unknown kind", () => {
      expect(problemsOf(prod, { broker: { kind: "activemq" } as never })).toContain(
        'prod.data.broker.kind: got "activemq"; expected one of "rabbitmq" | "kafka"',
      );
    });

    describe("rabbitmq", () => {
      it("fails for an engine version missing from the catalog", () => {
        expect(problemsOf(prod, { broker: { kind: "rabbitmq", engineVersion: "3.12" as never } })).toContain(
          'prod.data.broker.engineVersion: got "3.12"; expected a rabbitmq version from the kit\'s catalog (4.2, 3.13)',
        );
      });

      it("fails for an instance type that is not an Amazon MQ type", () => {
        expect(problemsOf(prod, { broker: { kind: "rabbitmq", instanceType: "m7g.large" } })).toContain(
          'prod.data.broker.instanceType: got "m7g.large"; expected an Amazon MQ instance type such as mq.m7g.large',
        );
      });

      it("fails for RabbitMQ 4 off m7g, and accepts m5 on 3.13", () => {
        expect(problemsOf(prod, { broker: { kind: "rabbitmq", instanceType: "mq.m5.large" } })).toContain(
          'prod.data.broker.instanceType: got "mq.m5.large"; expected an mq.m7g.* instance type, because Amazon MQ runs RabbitMQ 4 on m7g only',
        );
        expect(problemsOf(prod, { broker: { kind: "rabbitmq", instanceType: "mq.m5.large", engineVersion: "3.13" } })).toBe(
          formatProblems("data tier", []),
        );
      });

      it("fails for an unknown deployment mode", () => {
        expect(problemsOf(prod, { broker: { kind: "rabbitmq", deploymentMode: "ACTIVE_STANDBY_MULTI_AZ" as never } })).toContain(
          'prod.data.broker.deploymentMode: got "ACTIVE_STANDBY_MULTI_AZ"; expected one of "SINGLE_INSTANCE" | "CLUSTER_MULTI_AZ"',
        );
      });

      it("fails for a multi-AZ cluster in one AZ", () => {
        expect(
          problemsOf(dev, { broker: { kind: "rabbitmq", deploymentMode: "CLUSTER_MULTI_AZ" } }, { availabilityZones: ["us-west-2a"] }),
        ).toContain('dev.data.broker.deploymentMode: got "CLUSTER_MULTI_AZ"; expected at least 2 availability zones for a multi-AZ cluster');
      });

      it("fails for a single broker in a multiAz environment", () => {
        expect(problemsOf(prod, { broker: { kind: "rabbitmq", deploymentMode: "SINGLE_INSTANCE" } })).toContain(
          'prod.data.broker.deploymentMode: got "SINGLE_INSTANCE"; expected CLUSTER_MULTI_AZ, because the environment is multiAz',
        );
      });
    });

    describe("kafka", () => {
      it("fails for a version missing from the catalog", () => {
        expect(problemsOf(prod, { broker: { kind: "kafka", kafkaVersion: "3.9.x" as never } })).toContain(
          'prod.data.broker.kafkaVersion: got "3.9.x"; expected a kafka version from the kit\'s catalog (4.1.x.kraft)',
        );
      });

      it("fails for an instance type that is not an MSK type", () => {
        expect(problemsOf(prod, { broker: { kind: "kafka", instanceType: "m7g.large" } })).toContain(
          'prod.data.broker.instanceType: got "m7g.large"; expected an MSK Standard broker instance type',
        );
      });

      it("fails for an environment with one AZ or more than three", () => {
        expect(problemsOf(dev, { broker: { kind: "kafka" } }, { availabilityZones: ["us-west-2a"] })).toContain(
          'dev.data.broker.kind: got "kafka"; expected 2 or 3 availability zones for MSK brokers (the environment has 1)',
        );
        const fourAzs = ["us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"];
        expect(problemsOf(prod, { broker: { kind: "kafka" } }, { availabilityZones: fourAzs })).toContain(
          "(the environment has 4)",
        );
      });

      it("fails for brokers per AZ out of range", () => {
        expect(problemsOf(prod, { broker: { kind: "kafka", brokersPerAz: 0 } })).toContain(
          "prod.data.broker.brokersPerAz: got 0; expected 1 to 30 brokers per AZ",
        );
      });

      it("fails for fewer than 3 brokers in total", () => {
        expect(problemsOf(dev, { broker: { kind: "kafka" } })).toContain(
          "dev.data.broker.brokersPerAz: got 1; expected at least 3 brokers in total (replication factor 3); 1 x 2 AZs gives 2",
        );
      });

      it("fails for storage out of range", () => {
        expect(problemsOf(prod, { broker: { kind: "kafka", storageGiB: 0 } })).toContain(
          "prod.data.broker.storageGiB: got 0; expected 1 to 16384 GiB per broker",
        );
      });

      it("fails for a storage ceiling not above the storage", () => {
        expect(problemsOf(prod, { broker: { kind: "kafka", storageGiB: 500, maxStorageGiB: 500 } })).toContain(
          "prod.data.broker.maxStorageGiB: got 500; expected an autoscaling ceiling above storageGiB (500) and at most 16384 GiB per broker",
        );
      });
    });
  });

  describe("storage", () => {
    it("fails for a bucket suffix S3 would refuse", () => {
      expect(problemsOf(prod, { storage: { bucketNameSuffix: "Acme_1" } })).toContain(
        'prod.data.storage.bucketNameSuffix: got "Acme_1"; expected lower-case letters, digits and dashes',
      );
    });

    it("fails for bucket names longer than 63 characters", () => {
      expect(problemsOf(prod, { storage: { bucketNameSuffix: "a".repeat(40) } })).toContain(
        "expected bucket names of at most 63 characters; aec-platform-prod-documents-<suffix> has 68",
      );
      expect(problemsOf(prod, {}, {}, "a-very-long-project-name")).toBe(formatProblems("data tier", []));
      expect(problemsOf(prod, {}, { name: "production-eu-west-1" }, "a-very-long-projects")).toContain(
        'bucketNameSuffix: got "<account id>"; expected bucket names of at most 63 characters',
      );
    });

    it("fails for noncurrent versions that never or instantly expire", () => {
      expect(problemsOf(prod, { storage: { noncurrentVersionExpirationDays: 0 } })).toContain(
        "prod.data.storage.noncurrentVersionExpirationDays: got 0; expected 1 to 3650 days",
      );
    });

    it("fails for access logs kept no longer than their move to Standard-IA", () => {
      expect(problemsOf(prod, { storage: { accessLogExpirationDays: 30 } })).toContain(
        "prod.data.storage.accessLogExpirationDays: got 30; expected 31 to 3650 days of access logs",
      );
    });
  });

  it("reports every problem of an environment at once", () => {
    const message = problemsOf(prod, {
      database: { backupRetentionDays: 1 },
      cache: { automaticFailover: false },
      broker: { kind: "kafka", brokersPerAz: 0 },
      storage: { noncurrentVersionExpirationDays: 0 },
    });
    expect(message).toMatch(/^Invalid data tier \(4 problems\):/);
  });
});
