import { Testing } from "cdktf";
import { platform, prod, prodDr } from "../../config/environments";
import type { DrMode, EnvironmentConfig, ProjectConfig } from "../../config/types";
import { buildPlatform, type BuildOptions } from "../../stacks/app";
import { countOf, resourcesOf, type SynthJson } from "../helpers";

function build(options: BuildOptions = {}, environments: readonly EnvironmentConfig[] = platform.environments) {
  const config: ProjectConfig = { ...platform, environments };
  return buildPlatform(Testing.app(), config, options);
}

/** prod-dr's stacks in one mode, built once for the whole file (building is what these tests spend time on). */
const prodDrBuilds = new Map<DrMode, ReturnType<typeof build>>();
function prodDrIn(drMode: DrMode) {
  if (!prodDrBuilds.has(drMode)) prodDrBuilds.set(drMode, build({ only: "prod-dr", drMode }));
  return prodDrBuilds.get(drMode)!;
}
const resolvedPlatforms = new Map<DrMode, ReturnType<typeof full>>();
function prodDrPlatformJson(drMode: DrMode) {
  if (!resolvedPlatforms.has(drMode)) resolvedPlatforms.set(drMode, full(prodDrIn(drMode)["prod-dr"].platform));
  return resolvedPlatforms.get(drMode)!;
}

/** The stack as Terraform receives it: provider and backend blocks included. */
function full(stack: { toTerraform(): unknown } | undefined): SynthJson & { text: string } {
  const json = stack!.toTerraform() as SynthJson;
  return Object.assign(json, { text: JSON.stringify(json) });
}

const only = <T>(record: Record<string, T>): T => {
  const values = Object.values(record);
  expect(values).toHaveLength(1);
  return values[0];
};

describe("prod-dr in standby (pilot light)", () => {
  const stacks = build();
  const dr = full(stacks["prod-dr"].platform);

  it("keeps a cross-region read replica of prod's database, named rather than read from prod's state", () => {
    const db = only(resourcesOf(dr, "aws_db_instance"));
    expect(db.replicate_source_db).toMatch(/^arn:\$\{.*\}:rds:us-west-2:\$\{.*account_id\}:db:aec-platform-prod-postgres$/);
    expect(db.kms_key_id).toMatch(/aws_kms_key\.keys_database_key/);
    expect(db).not.toHaveProperty("username");
    expect(db).not.toHaveProperty("manage_master_user_password");
    expect(db).not.toHaveProperty("password_wo");
    expect(db.multi_az).toBe(false);
  });

  it("can delete or replace the replica: no final snapshot, which RDS refuses for a read replica", () => {
    const db = only(resourcesOf(dr, "aws_db_instance"));
    expect(db.skip_final_snapshot).toBe(true);
    expect(db).not.toHaveProperty("final_snapshot_identifier");
  });

  it("runs no cluster, cache, broker, NAT or interface endpoint", () => {
    expect(stacks["prod-dr"].clusterAddons).toBeUndefined();
    for (const type of ["aws_eks_cluster", "aws_eks_node_group", "aws_elasticache_replication_group", "aws_mq_broker", "aws_msk_cluster", "aws_nat_gateway"]) {
      expect({ type, count: countOf(dr, type) }).toEqual({ type, count: 0 });
    }
    expect(Object.values(resourcesOf(dr, "aws_vpc_endpoint")).map((e) => e.vpc_endpoint_type)).toEqual(["Gateway"]);
  });

  it("holds versioned, KMS-encrypted replica buckets under the names prod replicates to", () => {
    const names = Object.values(resourcesOf(dr, "aws_s3_bucket")).map((b) => b.bucket);
    expect(names).toEqual(expect.arrayContaining([
      "aec-platform-prod-dr-documents-${data.aws_caller_identity.aws-context-account.account_id}",
      "aec-platform-prod-dr-backups-${data.aws_caller_identity.aws-context-account.account_id}",
    ]));
    expect(Object.values(resourcesOf(dr, "aws_s3_bucket_versioning")).every((v) => JSON.stringify(v).includes('"Enabled"'))).toBe(true);
    expect(Object.values(resourcesOf(dr, "aws_kms_alias")).map((a) => a.name)).toContain("alias/aec-platform-prod-dr-storage");
  });

  it("touches us-west-2 only through the replica's source ARN", () => {
    const mentions = dr.text.match(/us-west-2/g) ?? [];
    expect(mentions).toHaveLength(1);
    expect(dr.data).not.toHaveProperty("terraform_remote_state");
  });
});

describe("prod replicating to prod-dr", () => {
  const prodJson = full(build({ only: "prod" }).prod.platform);
  const rules = Object.entries(resourcesOf(prodJson, "aws_s3_bucket_replication_configuration"));

  it("replicates documents and backups, nothing else", () => {
    expect(rules.map(([name]) => name.replace(/_[0-9A-F]{8}$/, "")).sort()).toEqual([
      "replicate-backups_configuration",
      "replicate-documents_configuration",
    ]);
  });

  it.each(["documents", "backups"])("sends %s to prod-dr's bucket and key in us-east-1 within 15 minutes", (purpose) => {
    const [, config] = rules.find(([name]) => name.startsWith(`replicate-${purpose}`))!;
    const rule = (config.rule as Record<string, unknown>[])[0];
    expect(rule).toMatchObject({
      status: "Enabled",
      delete_marker_replication: { status: "Enabled" },
      source_selection_criteria: { sse_kms_encrypted_objects: { status: "Enabled" } },
      destination: {
        bucket: `arn:\${data.aws_partition.aws-context-partition.partition}:s3:::aec-platform-prod-dr-${purpose}-\${data.aws_caller_identity.aws-context-account.account_id}`,
        encryption_configuration: {
          replica_kms_key_id: expect.stringMatching(/:kms:us-east-1:.*:alias\/aec-platform-prod-dr-storage$/),
        },
        replication_time: { status: "Enabled", time: { minutes: 15 } },
        metrics: { status: "Enabled", event_threshold: { minutes: 15 } },
      },
    });
    expect(config.bucket).toMatch(new RegExp(`aws_s3_bucket\\.buckets_${purpose}_bucket_.*\\.id`));
    expect(config.depends_on).toEqual([expect.stringMatching(new RegExp(`aws_s3_bucket_versioning\\.buckets_${purpose}_versioning`))]);
  });

  it("lets the replication role encrypt only under prod-dr's storage key, through S3 in us-east-1", () => {
    const role = Object.entries(resourcesOf(prodJson, "aws_iam_role_policy")).find(([n]) => n.startsWith("replicate-documents_policy"))![1];
    const statements = JSON.parse(String(role.policy)).Statement as { Sid: string; Resource: unknown; Condition: unknown }[];
    const encrypt = statements.find((s) => s.Sid === "EncryptReplicas")!;
    expect(encrypt.Condition).toMatchObject({
      StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
      "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/aec-platform-prod-dr-storage" },
    });
    expect(encrypt.Resource).toMatch(/:kms:us-east-1:.*:key\/\*$/);
  });

  it("replicates container images to us-east-1", () => {
    const ecr = only(resourcesOf(prodJson, "aws_ecr_replication_configuration"));
    expect(JSON.stringify(ecr.replication_configuration)).toContain('"region":"us-east-1"');
    expect(JSON.stringify(ecr.replication_configuration)).toContain('"filter":"aec-platform/prod/"');
    // Replicated images keep their names: prod-dr manages (and its nodes pull from) the repositories they land in.
    const drJson = prodDrPlatformJson("standby");
    expect(Object.values(resourcesOf(drJson, "aws_ecr_repository")).map((r) => r.name)).toEqual(["aec-platform/prod/processing-worker"]);
  });

  it("is off when no recovery environment is configured", () => {
    const alone = full(build({}, [prod]).prod.platform);
    expect(countOf(alone, "aws_s3_bucket_replication_configuration")).toBe(0);
    expect(countOf(alone, "aws_ecr_replication_configuration")).toBe(0);
  });
});

describe("prod-dr in failover", () => {
  const stacks = prodDrIn("failover");
  const platformJson = prodDrPlatformJson("failover");
  const addonsJson = full(stacks["prod-dr"].clusterAddons);

  it("promotes the replica: no source, a new master password in a secret of this region, Multi-AZ", () => {
    const db = only(resourcesOf(platformJson, "aws_db_instance"));
    expect(db).not.toHaveProperty("replicate_source_db");
    expect(db).not.toHaveProperty("username");
    expect(db).not.toHaveProperty("manage_master_user_password");
    expect(db.password_wo).toMatch(/^\$\{ephemeral\.aws_secretsmanager_random_password\.database_master_password\.random_password\}$/);
    expect(db.password_wo_version).toBe(1);
    // Without it RDS defers the Multi-AZ change to the maintenance window, up to a week after the failover.
    expect(db.apply_immediately).toBe(true);
    const secretValues = Object.entries(resourcesOf(platformJson, "aws_secretsmanager_secret_version"));
    const master = secretValues.find(([name]) => name.startsWith("database_master-secret-value"))?.[1];
    expect(master).toMatchObject({ secret_string_wo_version: 1 });
    expect(String(master?.secret_string_wo)).toContain("ephemeral.aws_secretsmanager_random_password.database_master_password.random_password");
    expect(db.multi_az).toBe(true);
    expect(db.identifier).toBe("aec-platform-prod-dr-postgres");
  });

  it("rebuilds the full platform: cluster, add-ons, fresh cache and broker, NAT per AZ", () => {
    for (const [type, count] of [["aws_eks_cluster", 1], ["aws_elasticache_replication_group", 1], ["aws_mq_broker", 1], ["aws_nat_gateway", 3]] as const) {
      expect({ type, count: countOf(platformJson, type) }).toEqual({ type, count });
    }
    expect(countOf(addonsJson, "helm_release")).toBeGreaterThan(5);
  });

  it.each([["platform"], ["cluster-addons"]])("prod-dr-%s depends on nothing in us-west-2", (role) => {
    const json = role === "platform" ? platformJson : addonsJson;
    expect(json.text).not.toContain("us-west-2");
    expect(json.text).not.toContain("terraform_remote_state");
    const tf = json as unknown as { provider: Record<string, { region?: string }[]>; terraform: { backend: { s3: { region: string } } } };
    expect(tf.provider.aws.map((p) => p.region)).toEqual(["us-east-1"]);
    expect(tf.terraform.backend.s3.region).toBe("us-east-1");
  });
});

describe("prod's master password generation (rotation, failback)", () => {
  it("is raised from the environment's database settings and moves instance and secret together", () => {
    const rotated = { ...prod, data: { ...prod.data, database: { ...prod.data.database, masterPasswordVersion: 2 } } };
    const json = full(build({ only: "prod" }, [rotated, prodDr]).prod.platform);
    expect(only(resourcesOf(json, "aws_db_instance")).password_wo_version).toBe(2);
    const values = Object.entries(resourcesOf(json, "aws_secretsmanager_secret_version")).filter(([n]) => n.startsWith("database_"));
    expect(values.map(([, v]) => v.secret_string_wo_version)).toEqual([2]);
  });
});

describe("log groups across a mode switch", () => {
  const logGroups = (drMode: "prepare" | "standby" | "failover") =>
    resourcesOf(prodDrPlatformJson(drMode), "aws_cloudwatch_log_group");

  it("are the same in standby, prepare and failover: returning to standby keeps the failover period's logs", () => {
    const failover = logGroups("failover");
    expect(Object.keys(failover).length).toBeGreaterThan(6);
    for (const mode of ["standby", "prepare"] as const) {
      const other = logGroups(mode);
      // Same addresses, same settings: the switch neither creates nor destroys a group. Being prepared, there is
      // no database yet, so no database log groups either.
      const expected = Object.entries(failover).filter(([name]) => mode === "standby" || !name.startsWith("database_"));
      expect(Object.keys(other).sort()).toEqual(expected.map(([name]) => name).sort());
      for (const [name, group] of expected) expect({ name, group: other[name] }).toEqual({ name, group });
    }
    expect(Object.values(failover).map((g) => g.name)).toEqual(
      expect.arrayContaining(["/aws/eks/aec-platform-prod-dr/cluster", "/aws/lambda/aec-platform-prod-dr-ingestion", "/aws/apigateway/aec-platform-prod-dr-query/access", "/aec/platform/prod/dr/cache/slow-log"]),
    );
  });

  it("include the MSK broker's group when the broker is Kafka (Amazon MQ creates its own, per broker)", () => {
    const kafkaDr = { ...prodDr, data: { ...prodDr.data, broker: { kind: "kafka" as const, instanceType: "kafka.m7g.large", storageGiB: 200, maxStorageGiB: 2000 } } };
    const groups = (drMode: DrMode) =>
      resourcesOf(full(build({ only: "prod-dr", drMode }, [prod, kafkaDr])["prod-dr"].platform), "aws_cloudwatch_log_group");
    const failover = groups("failover");
    const standby = groups("standby");
    const broker = Object.entries(failover).find(([, g]) => g.name === "/aec/platform/prod/dr/kafka/broker-logs");
    expect(broker).toBeDefined();
    expect(standby[broker![0]]).toEqual(broker![1]);
  });
});

describe("prod-dr being prepared (first deploy into a fresh account)", () => {
  const stacks = prodDrIn("prepare");
  const json = prodDrPlatformJson("prepare");

  it("creates what prod replicates into (buckets, keys) and no database, whose source does not exist yet", () => {
    expect(countOf(json, "aws_db_instance")).toBe(0);
    expect(stacks["prod-dr"].platform.database).toBeUndefined();
    expect(Object.values(resourcesOf(json, "aws_s3_bucket")).map((b) => b.bucket)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aec-platform-prod-dr-documents-/), expect.stringMatching(/^aec-platform-prod-dr-backups-/)]),
    );
    expect(Object.values(resourcesOf(json, "aws_kms_alias")).map((a) => a.name)).toContain("alias/aec-platform-prod-dr-storage");
    expect(json.text).not.toContain("us-west-2");
  });

  it("runs nothing: no cluster, cache, broker, handlers, NAT", () => {
    expect(stacks["prod-dr"].clusterAddons).toBeUndefined();
    for (const type of ["aws_eks_cluster", "aws_elasticache_replication_group", "aws_mq_broker", "aws_lambda_function", "aws_nat_gateway"]) {
      expect({ type, count: countOf(json, type) }).toEqual({ type, count: 0 });
    }
  });
});

describe("disaster-recovery validation", () => {
  const fails = (environments: readonly EnvironmentConfig[], options: BuildOptions = {}) => () => build(options, environments);

  it("fails when failover is asked while no recovery environment is configured", () => {
    expect(fails([prod], { drMode: "failover" })).toThrow(
      'PLATFORM_DR_MODE: got "failover"; expected an environment with disasterRecovery (e.g. prod-dr) in the configuration',
    );
  });

  it("fails when the recovery environment is in the primary's region", () => {
    const sameRegion = { ...prodDr, region: "us-west-2", availabilityZones: prod.availabilityZones, network: { ...prodDr.network, subnets: { public: { "us-west-2a": "10.1.1.0/24" }, private: { "us-west-2a": "10.1.10.0/24" }, data: { "us-west-2a": "10.1.100.0/24" } } } } as EnvironmentConfig;
    expect(fails([prod, { ...sameRegion, availabilityZones: ["us-west-2a"], multiAz: false }])).toThrow(
      "prod-dr.region: got \"us-west-2\"; expected a region other than prod's (us-west-2)",
    );
  });

  it("fails when its VPC overlaps prod's", () => {
    expect(fails([prod, { ...prodDr, network: { ...prodDr.network, vpcCidr: "10.0.0.0/16" } }])).toThrow(
      "prod-dr.network.vpcCidr: got \"10.0.0.0/16\"; expected a range that overlaps no other environment's VPC (it overlaps prod: 10.0.0.0/16)",
    );
  });

  it("fails when its primary is missing or its state shares the primary's region", () => {
    expect(fails([prodDr])).toThrow('prod-dr.disasterRecovery.primary: got "prod"; expected the name of another configured environment');
    expect(fails([prod, { ...prodDr, state: prod.state }])).toThrow(
      'prod-dr.state.region: got "us-west-2"; expected a state bucket outside prod\'s state region (us-west-2)',
    );
  });

  it("fails on an unknown mode", () => {
    expect(fails([prod, { ...prodDr, disasterRecovery: { primary: "prod", mode: "warm" as never } }])).toThrow(
      'prod-dr.disasterRecovery.mode: got "warm"; expected one of prepare | standby | failover',
    );
  });
});

describe("replica lag alarm", () => {
  const dr = prodDrPlatformJson("standby");

  it("alarms in standby when the replica falls 300 s behind, into an encrypted topic", () => {
    const alarm = only(resourcesOf(dr, "aws_cloudwatch_metric_alarm"));
    expect(alarm).toMatchObject({
      namespace: "AWS/RDS",
      metric_name: "ReplicaLag",
      threshold: 300,
      comparison_operator: "GreaterThanThreshold",
      treat_missing_data: "breaching",
      dimensions: { DBInstanceIdentifier: expect.stringContaining("aws_db_instance.database_instance") },
    });
    expect(only(resourcesOf(dr, "aws_sns_topic")).kms_master_key_id).toMatch(/aws_kms_key\.keys_secrets_key/);
    expect(dr.output).toHaveProperty("replica_lag_topic_arn");
  });

  it("is gone once failed over", () => {
    const failedOver = prodDrPlatformJson("failover");
    expect(Object.keys(resourcesOf(failedOver, "aws_cloudwatch_metric_alarm")).filter((n) => n.startsWith("replica-lag"))).toEqual([]);
  });
});
