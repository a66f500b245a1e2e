import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { MqBroker } from "@cdktf/provider-aws/lib/mq-broker";
import { MskCluster } from "@cdktf/provider-aws/lib/msk-cluster";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Testing } from "cdktf";
import { dev, platform, prod } from "../../config/environments";
import type { EnvironmentConfig } from "../../config/types";
import { buildPlatform } from "../../stacks/app";
import { PlatformStack } from "../../stacks/platform-stack";
import { countOf, resourcesOf, synthJson, type SynthJson } from "../helpers";

const DATA_PORTS = [5432, 6379, 5671, 9098];
const WORLD = ["0.0.0.0/0", "::/0"];

function stackFor(environment: EnvironmentConfig): { stack: PlatformStack; json: SynthJson; synth: string } {
  const stack = new PlatformStack(Testing.app(), { project: platform.project, environment });
  return { stack, json: synthJson(stack), synth: Testing.synth(stack) };
}

const kafkaProd: EnvironmentConfig = {
  ...prod,
  data: { ...prod.data, broker: { kind: "kafka", instanceType: "kafka.m7g.large", storageGiB: 200, maxStorageGiB: 2000 } },
};
const shipped = buildPlatform(Testing.app(), platform);
// A recovery environment runs its data tier only after failing over; its standby shape is covered by
// disaster-recovery.test.ts.
const recoveries = platform.environments.filter((e) => e.disasterRecovery).map((e) => e.name);
const failedOver = buildPlatform(Testing.app(), platform, { only: recoveries.join(","), drMode: "failover" });
const variants: [string, SynthJson][] = [
  ...platform.environments
    .filter((e) => !e.disasterRecovery)
    .map((e): [string, SynthJson] => [e.name, synthJson(shipped[e.name].platform)]),
  ...recoveries.map((name): [string, SynthJson] => [`${name} (failover)`, synthJson(failedOver[name].platform)]),
  ["prod with kafka", stackFor(kafkaProd).json],
];

describe.each(variants)("%s data tier", (_name, json) => {
  it("admits no address range on a data port, only security groups", () => {
    const ingress = [
      ...Object.values(resourcesOf(json, "aws_vpc_security_group_ingress_rule")),
      ...Object.values(resourcesOf(json, "aws_security_group_rule")).filter((r) => r.type === "ingress"),
    ];
    const onDataPort = ingress.filter((r) => DATA_PORTS.some((p) => Number(r.from_port) <= p && p <= Number(r.to_port)));
    expect(onDataPort.length).toBeGreaterThanOrEqual(3);
    for (const rule of onDataPort) {
      expect(rule.referenced_security_group_id).toBeDefined();
      expect(rule.cidr_ipv4).toBeUndefined();
      expect(rule.cidr_ipv6).toBeUndefined();
    }
    for (const rule of ingress) {
      const cidrs = [rule.cidr_ipv4, rule.cidr_ipv6, ...((rule.cidr_blocks as string[] | undefined) ?? [])];
      expect(cidrs.filter((c) => WORLD.includes(String(c)))).toEqual([]);
    }
    for (const group of Object.values(resourcesOf(json, "aws_security_group"))) {
      const inline = (group.ingress as { cidr_blocks?: string[] }[] | undefined) ?? [];
      expect(inline.flatMap((r) => r.cidr_blocks ?? []).filter((c) => WORLD.includes(c))).toEqual([]);
    }
  });

  it("describes every security group and rule", () => {
    for (const type of ["aws_security_group", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"]) {
      for (const resource of Object.values(resourcesOf(json, type))) expect(resource.description).toMatch(/\S{3,}/);
    }
  });

  it("exports endpoints, secret ARNs and bucket names, never a secret value", () => {
    const outputs = json.output ?? {};
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        "documents_bucket_name",
        "backups_bucket_name",
        "logs_bucket_name",
        "database_endpoint",
        "database_master_secret_arn",
        "cache_endpoint",
        "cache_user",
        "broker_kind",
        "broker_endpoint",
        "data_clients_security_group_id",
      ]),
    );
    const values = JSON.stringify(Object.values(outputs).map((o) => o.value));
    expect(values).not.toMatch(/random_password|password|auth_token|secret_string/);
    for (const output of Object.values(outputs)) expect(output.sensitive).toBeUndefined();
  });

  it("creates the three buckets and one database, cache and broker", () => {
    // Besides Loki's bucket, where the environment's logs are simple-scalable (covered by loki-bucket.test.ts).
    const buckets = Object.values(resourcesOf(json, "aws_s3_bucket")).map((b) => String(b.bucket));
    expect(buckets.filter((b) => !b.includes("-loki-")).length).toBe(3);
    expect(buckets.filter((b) => b.includes("-loki-")).length).toBeLessThanOrEqual(1);
    expect(countOf(json, "aws_db_instance")).toBe(1);
    expect(countOf(json, "aws_elasticache_replication_group")).toBe(1);
    expect(countOf(json, "aws_mq_broker") + countOf(json, "aws_msk_cluster")).toBe(1);
  });
});

describe("prod-platform data tier", () => {
  const { synth, json } = stackFor(prod);

  it("runs a Multi-AZ db.r8g.large with 100 GiB growing to 1000 and 30 days of backups, protected", () => {
    expect(synth).toHaveResourceWithProperties(DbInstance, {
      identifier: "aec-platform-prod-postgres",
      instance_class: "db.r8g.large",
      multi_az: true,
      allocated_storage: 100,
      max_allocated_storage: 1000,
      backup_retention_period: 30,
      deletion_protection: true,
      skip_final_snapshot: false,
    });
  });

  it("runs a 3x1 Valkey cluster with two weeks of snapshots", () => {
    expect(synth).toHaveResourceWithProperties(ElasticacheReplicationGroup, {
      replication_group_id: "aec-platform-prod-cache",
      num_node_groups: 3,
      replicas_per_node_group: 1,
      multi_az_enabled: true,
      snapshot_retention_limit: 14,
    });
  });

  it("runs a RabbitMQ cluster", () => {
    expect(synth).toHaveResourceWithProperties(MqBroker, { broker_name: "aec-platform-prod-rabbitmq", deployment_mode: "CLUSTER_MULTI_AZ" });
  });

  it("keeps its buckets when the stack is destroyed", () => {
    expect(synth).toHaveResourceWithProperties(S3Bucket, { force_destroy: false });
    expect(synth).not.toHaveResourceWithProperties(S3Bucket, { force_destroy: true });
  });

  it("connects the data-clients group to each service on its port and nothing else", () => {
    const egress = Object.values(resourcesOf(json, "aws_vpc_security_group_egress_rule"))
      .filter((r) => String(r.security_group_id).includes("aws_security_group.data-clients_"))
      .map((r) => r.from_port);
    expect(egress.sort()).toEqual([5432, 5671, 6379]);
    expect(json.output?.broker_credentials_secret_arn).toBeDefined();
  });
});

describe("dev-platform data tier", () => {
  const { synth } = stackFor(dev);

  it("runs a single-AZ burstable database without deletion protection", () => {
    expect(synth).toHaveResourceWithProperties(DbInstance, {
      instance_class: "db.t4g.small",
      multi_az: false,
      backup_retention_period: 7,
      deletion_protection: false,
      skip_final_snapshot: true,
    });
  });

  it("runs one cache node without cluster mode", () => {
    expect(synth).toHaveResourceWithProperties(ElasticacheReplicationGroup, {
      cluster_mode: "disabled",
      num_cache_clusters: 1,
      automatic_failover_enabled: false,
      multi_az_enabled: false,
    });
  });

  it("runs a single RabbitMQ broker and lets its buckets be emptied on destroy", () => {
    expect(synth).toHaveResourceWithProperties(MqBroker, { deployment_mode: "SINGLE_INSTANCE", host_instance_type: "mq.m7g.medium" });
    expect(synth).toHaveResourceWithProperties(S3Bucket, { force_destroy: true });
  });
});

describe("prod-platform with a Kafka broker", () => {
  const { synth, json } = stackFor(kafkaProd);

  it("builds MSK instead of Amazon MQ, encrypted with the cache/broker key", () => {
    expect(synth).toHaveResourceWithProperties(MskCluster, {
      cluster_name: "aec-platform-prod-kafka",
      number_of_broker_nodes: 3,
      client_authentication: { sasl: { iam: true, scram: false }, unauthenticated: false },
    });
    expect(countOf(json, "aws_mq_broker")).toBe(0);
    // The database's master secret only: MSK takes IAM, no broker credentials.
    expect(Object.values(resourcesOf(json, "aws_secretsmanager_secret")).map((s) => s.name_prefix ?? s.name)).toEqual(["aec-platform-prod-postgres/master-"]);
  });

  it("exports the IAM bootstrap brokers and no credentials secret", () => {
    expect(json.output?.broker_kind.value).toBe("kafka");
    expect(String(json.output?.broker_endpoint.value)).toMatch(/bootstrap_brokers_sasl_iam/);
    expect(json.output?.broker_port.value).toBe(9098);
    expect(json.output?.broker_credentials_secret_arn).toBeUndefined();
  });
});

describe("data tier snapshot", () => {
  // Property assertions above pin the behaviour; the snapshot shows every data-tier change in review.
  const DATA_TYPES = /^aws_(s3_|db_|elasticache_|mq_|msk_|appautoscaling_|secretsmanager_|vpc_security_group_)/;

  it("matches for prod", () => {
    const { json } = stackFor(prod);
    const data = Object.fromEntries(Object.entries(json.resource ?? {}).filter(([type]) => DATA_TYPES.test(type)));
    expect({ resource: data, output: json.output }).toMatchSnapshot();
  });
});
