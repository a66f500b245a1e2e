import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { ElasticacheUserGroup } from "@cdktf/provider-aws/lib/elasticache-user-group";
import { TerraformOutput, Testing } from "cdktf";
import { ValkeyCache, type ValkeyCacheProps } from "../../../constructs/cache/valkey-cache";
import { resourceAt } from "../../helpers";
import { appGrantee, appSecurityGroup, dataFixture, ref, rolePolicies, synthJson, type DataFixture } from "../connections/fixtures";

function build(props: Partial<ValkeyCacheProps> = {}, fixture: DataFixture = dataFixture()) {
  const cache = new ValkeyCache(fixture.stack, "cache", {
    name: "aec-platform-prod-cache",
    network: fixture.network,
    key: fixture.keys.byClass.cache,
    logKey: fixture.keys.byClass.logs,
    nodeType: "cache.r7g.large",
    ...props,
  });
  new TerraformOutput(fixture.stack, "endpoint", { value: cache.endpoint });
  return { ...fixture, cache, json: synthJson(fixture.stack), synth: Testing.synth(fixture.stack) };
}

describe("ValkeyCache (prod shape: 3 shards x 1 replica, the defaults)", () => {
  const { synth, json, cache } = build({ snapshotRetentionDays: 14 });
  const group = resourceAt(json, "aws_elasticache_replication_group", "cache/replication-group");

  it("runs Valkey 8.2 in cluster mode with 3 shards of a primary and a replica", () => {
    expect(synth).toHaveResourceWithProperties(ElasticacheReplicationGroup, {
      replication_group_id: "aec-platform-prod-cache",
      engine: "valkey",
      engine_version: "8.2",
      node_type: "cache.r7g.large",
      cluster_mode: "enabled",
      num_node_groups: 3,
      replicas_per_node_group: 1,
      parameter_group_name: "default.valkey8.cluster.on",
      port: 6379,
    });
    expect(group).not.toHaveProperty("num_cache_clusters");
    expect(cache.clusterMode).toBe("enabled");
    expect(json.output?.endpoint.value).toBe(
      ref(json, "aws_elasticache_replication_group", "cache/replication-group", "configuration_endpoint_address"),
    );
  });

  it("fails over automatically to a replica in another AZ", () => {
    expect(synth).toHaveResourceWithProperties(ElasticacheReplicationGroup, {
      automatic_failover_enabled: true,
      multi_az_enabled: true,
    });
  });

  it("requires TLS and encrypts at rest with the cache key", () => {
    expect(synth).toHaveResourceWithProperties(ElasticacheReplicationGroup, {
      transit_encryption_enabled: true,
      transit_encryption_mode: "required",
      at_rest_encryption_enabled: "true",
      kms_key_id: ref(json, "aws_kms_key", "keys/cache/key", "arn"),
    });
  });

  it("keeps snapshots, a final snapshot, and takes minor upgrades", () => {
    expect(synth).toHaveResourceWithProperties(ElasticacheReplicationGroup, {
      snapshot_retention_limit: 14,
      final_snapshot_identifier: "aec-platform-prod-cache-final",
      auto_minor_version_upgrade: "true",
    });
  });

  it("authenticates through an RBAC group holding only the IAM-authenticated app user (Valkey takes no passwordless user)", () => {
    expect(Object.keys(json.resource?.aws_elasticache_user ?? {})).toHaveLength(1);
    expect(synth).not.toHaveResourceWithProperties(ElasticacheUser, { user_name: "default" });
    expect(resourceAt(json, "aws_elasticache_user_group", "cache/user-group").user_ids).toEqual([
      ref(json, "aws_elasticache_user", "cache/app-user", "user_id"),
    ]);
    expect(synth).toHaveResourceWithProperties(ElasticacheUser, {
      user_id: "aec-platform-prod-cache-app",
      user_name: "aec-platform-prod-cache-app",
      engine: "valkey",
      authentication_mode: { type: "iam" },
    });
    expect(synth).toHaveResourceWithProperties(ElasticacheUserGroup, {
      user_group_id: "aec-platform-prod-cache",
      engine: "valkey",
    });
    expect(group.user_group_ids).toEqual([ref(json, "aws_elasticache_user_group", "cache/user-group", "user_group_id")]);
    expect(group).not.toHaveProperty("auth_token");
  });

  it("delivers the slow log as JSON into an encrypted, expiring log group", () => {
    expect(synth).toHaveResourceWithProperties(ElasticacheReplicationGroup, {
      log_delivery_configuration: [
        {
          destination: "/aec/platform/prod/cache/slow-log",
          destination_type: "cloudwatch-logs",
          log_format: "json",
          log_type: "slow-log",
        },
      ],
    });
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/aec/platform/prod/cache/slow-log",
      retention_in_days: 365,
      kms_key_id: ref(json, "aws_kms_key", "keys/logs/key", "arn"),
    });
  });

  it("lives in the data subnets", () => {
    expect(synth).toHaveResourceWithProperties(ElasticacheSubnetGroup, {
      subnet_ids: ["us-west-2a", "us-west-2b", "us-west-2c"].map((az) => ref(json, "aws_subnet", `network/data-${az}`, "id")),
    });
  });
});

describe("ValkeyCache (staging shape: one shard with a replica)", () => {
  const { synth } = build({ name: "aec-platform-staging-cache", nodeType: "cache.t4g.small", shards: 1, replicasPerShard: 1 });

  it("keeps cluster mode, so clients are the same as in production", () => {
    expect(synth).toHaveResourceWithProperties(ElasticacheReplicationGroup, {
      cluster_mode: "enabled",
      num_node_groups: 1,
      replicas_per_node_group: 1,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
    });
  });
});

describe("ValkeyCache (dev shape: one node)", () => {
  const { synth, json } = build({
    name: "aec-platform-dev-cache",
    nodeType: "cache.t4g.micro",
    clusterMode: "disabled",
    shards: 1,
    replicasPerShard: 0,
    automaticFailover: false,
    multiAz: false,
    snapshotRetentionDays: 1,
    deletionProtection: false,
    logRetentionDays: 14,
  });
  const group = resourceAt(json, "aws_elasticache_replication_group", "cache/replication-group");

  it("is a single node without cluster mode, failover or Multi-AZ", () => {
    expect(synth).toHaveResourceWithProperties(ElasticacheReplicationGroup, {
      cluster_mode: "disabled",
      num_cache_clusters: 1,
      parameter_group_name: "default.valkey8",
      automatic_failover_enabled: false,
      multi_az_enabled: false,
      snapshot_retention_limit: 1,
    });
    expect(group).not.toHaveProperty("num_node_groups");
    expect(group).not.toHaveProperty("final_snapshot_identifier");
    expect(json.output?.endpoint.value).toBe(
      ref(json, "aws_elasticache_replication_group", "cache/replication-group", "primary_endpoint_address"),
    );
  });

  it("is still encrypted in transit and at rest, with RBAC", () => {
    expect(synth).toHaveResourceWithProperties(ElasticacheReplicationGroup, {
      transit_encryption_mode: "required",
      at_rest_encryption_enabled: "true",
    });
    expect(group.user_group_ids).toHaveLength(1);
  });
});

describe("ValkeyCache integrations", () => {
  it("admits an app-tier security group on 6379", () => {
    const fixture = dataFixture();
    const built = build({}, fixture);
    built.cache.allowFrom(appSecurityGroup(fixture));
    const rules = Object.values(synthJson(fixture.stack).resource?.aws_vpc_security_group_ingress_rule ?? {});
    expect(rules).toEqual([expect.objectContaining({ from_port: 6379, to_port: 6379, description: "Valkey from app" })]);
  });

  it("grants elasticache:Connect on this cache and its app user only", () => {
    const fixture = dataFixture();
    const { cache } = build({}, fixture);
    cache.grantConnect(appGrantee(fixture.stack));
    const json = synthJson(fixture.stack);
    expect(rolePolicies(json)["cache-connect"].Statement).toEqual([
      {
        Effect: "Allow",
        Action: "elasticache:Connect",
        Resource: [
          ref(json, "aws_elasticache_replication_group", "cache/replication-group", "arn"),
          ref(json, "aws_elasticache_user", "cache/app-user", "arn"),
        ],
      },
    ]);
  });
});

describe("ValkeyCache props validation", () => {
  const fails = (props: Partial<ValkeyCacheProps>, message: string | RegExp, fixture?: DataFixture) =>
    expect(() => build(props, fixture)).toThrow(message);

  it("fails for a replication group id ElastiCache refuses or that leaves no room for the user suffix", () => {
    fails({ name: "Cache" }, 'cache.name: got "Cache"; expected 2-37 lower-case letters, digits and single dashes');
    fails({ name: "a".repeat(38) }, /cache\.name: got "a{38}"/);
  });

  it("fails for Multi-AZ on a network with one AZ", () => {
    fails(
      { shards: 1, replicasPerShard: 1 },
      "cache.multiAz: got true; expected at least 2 availability zones for Multi-AZ (the network has 1)",
      dataFixture(["us-west-2a"]),
    );
  });

  it("fails for replicas without failover, with the sizing message the environments use", () => {
    fails({ automaticFailover: false }, "cache.automaticFailover: got false; expected true when there are replicas");
  });

  it("fails for an engine version missing from the catalog", () => {
    fails({ engineVersion: "7.2" as never }, 'cache.engineVersion: got "7.2"; expected a valkey version from the kit\'s catalog (8.2)');
  });
});
