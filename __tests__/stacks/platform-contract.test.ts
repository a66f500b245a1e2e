// What <env>-cluster-addons and the other side of disaster recovery find in <env>-platform by name comes from one
// PlatformContract: the producer names its resources with it, the consumers look them up with it.
import { Testing } from "cdktf";
import { platform, prod, prodDr } from "../../config/environments";
import { deployOrder } from "../../config/deploy-order";
import { buildPlatform } from "../../stacks/app";
import { ClusterAddonsStack } from "../../stacks/cluster-addons-stack";
import { platformContract } from "../../stacks/platform-contract";
import { PlatformStack } from "../../stacks/platform-stack";
import { resourcesOf, synthJson, type SynthJson } from "../helpers";

const PROJECT = platform.project;
const values = (json: SynthJson, type: string) => Object.values(resourcesOf(json, type));
const dataOf = (json: SynthJson, type: string) => Object.values(json.data?.[type] ?? {});
const text = (json: SynthJson) => JSON.stringify(json);

describe("buildPlatform", () => {
  const built = buildPlatform(Testing.app(), platform);

  it("builds the stacks deployOrder lists, in its order (the deploy workflow is held to deployOrder)", () => {
    const synthesized = platform.environments.map((e) => ({
      environment: e.name,
      stacks: [built[e.name]!.platform, built[e.name]!.clusterAddons].filter((s) => s !== undefined).map((s) => s!.node.id),
    }));
    expect(deployOrder(platform)).toEqual(synthesized);
    const failover = buildPlatform(Testing.app(), platform, { only: "prod-dr", drMode: "failover" })["prod-dr"]!;
    expect(deployOrder(platform, "failover").find((d) => d.environment === "prod-dr")!.stacks).toEqual([failover.platform.node.id, failover.clusterAddons!.node.id]);
  });

  it("hands each environment's one contract to its platform and cluster add-ons stacks", () => {
    for (const environment of platform.environments) {
      const { platform: producer, clusterAddons } = built[environment.name]!;
      expect(producer.contract).toEqual(expect.objectContaining({ environment: environment.name, region: environment.region }));
      if (clusterAddons) expect(clusterAddons.contract).toBe(producer.contract);
    }
  });

  it("hands each side of disaster recovery the other side's contract", () => {
    for (const recovery of platform.environments.filter((e) => e.disasterRecovery)) {
      const primary = recovery.disasterRecovery!.primary;
      expect(built[recovery.name]!.platform.peerContract).toBe(built[primary]!.platform.contract);
      expect(built[primary]!.platform.peerContract).toBe(built[recovery.name]!.platform.contract);
    }
    expect(built.dev!.platform.peerContract).toBeUndefined();
  });
});

describe("a cluster renamed in the contract", () => {
  const contract = { ...platformContract(PROJECT, prod), clusterName: "renamed-cluster" };
  const producer = synthJson(new PlatformStack(Testing.app(), { project: PROJECT, environment: prod, contract }));
  const consumer = synthJson(new ClusterAddonsStack(Testing.app(), { project: PROJECT, environment: prod, contract }));

  it("is the name the platform stack creates and tags subnets for", () => {
    expect(values(producer, "aws_eks_cluster").map((c) => c.name)).toEqual(["renamed-cluster"]);
    const clusterTags = values(producer, "aws_subnet").flatMap((s) => Object.keys(s.tags as object).filter((k) => k.startsWith("kubernetes.io/cluster/")));
    expect(clusterTags.length).toBeGreaterThan(0);
    expect([...new Set(clusterTags)]).toEqual(["kubernetes.io/cluster/renamed-cluster"]);
    expect(values(producer, "aws_kms_alias").map((a) => a.name)).toContain("alias/renamed-cluster-eks-volumes");
    expect(text(producer)).not.toContain(`kubernetes.io/cluster/${PROJECT}-prod"`);
  });

  it("is the name the cluster add-ons stack finds the cluster, its volume key and its node groups by", () => {
    expect(dataOf(consumer, "aws_eks_cluster").map((c) => c.name)).toEqual(["renamed-cluster"]);
    expect(dataOf(consumer, "aws_kms_alias").map((a) => a.name)).toContain("alias/renamed-cluster-eks-volumes");
    expect(text(consumer)).toContain('"--cluster-name","renamed-cluster"');
    expect(text(consumer)).toContain(":nodegroup/renamed-cluster/*");
    expect(text(consumer)).not.toMatch(/"aec-platform-prod"|nodegroup\/aec-platform-prod\//);
  });
});

describe("a primary database renamed in the contract", () => {
  const prodContract = { ...platformContract(PROJECT, prod), databaseIdentifier: "renamed-postgres" };
  const producer = synthJson(
    new PlatformStack(Testing.app(), { project: PROJECT, environment: prod, contract: prodContract, recovery: { kind: "primary", recovery: prodDr } }),
  );
  const replica = synthJson(
    new PlatformStack(Testing.app(), { project: PROJECT, environment: prodDr, peerContract: prodContract, recovery: { kind: "standby", primary: prod } }),
  );

  it("is the identifier the primary creates and the one its recovery environment's replica follows", () => {
    expect(values(producer, "aws_db_instance").map((d) => d.identifier)).toEqual(["renamed-postgres"]);
    expect(values(replica, "aws_db_instance").map((d) => d.replicate_source_db)).toEqual([
      expect.stringMatching(/^arn:\$\{data\.aws_partition\.aws-context-partition\.partition\}:rds:us-west-2:.*:db:renamed-postgres$/),
    ]);
  });
});

describe("names derived in the contract", () => {
  const built = buildPlatform(Testing.app(), platform, { only: "prod,prod-dr" });
  const primary = synthJson(built.prod!.platform);
  const recovery = synthJson(built["prod-dr"]!.platform);
  const addons = synthJson(built.prod!.clusterAddons!);

  it("are the buckets and key prod-dr creates and prod replicates into", () => {
    const created = values(recovery, "aws_s3_bucket").map((b) => String(b.bucket));
    const destinations = values(primary, "aws_s3_bucket_replication_configuration").map(
      (r) => (r.rule as { destination: { bucket: string } }[])[0]!.destination.bucket,
    );
    expect(destinations).toHaveLength(2);
    for (const arn of destinations) expect(created).toContain(arn.replace(/^arn:\$\{[^}]+\}:s3:::/, ""));
    const storageAlias = `alias/${built["prod-dr"]!.platform.contract.keyAliases.storage}`;
    expect(values(recovery, "aws_kms_alias").map((a) => a.name)).toContain(storageAlias);
    expect(text(primary)).toContain(`:${storageAlias}`);
  });

  it("are the secrets key and secret names prod creates and its cluster add-ons read", () => {
    const secretsAlias = `alias/${built.prod!.platform.contract.keyAliases.secrets}`;
    expect(values(primary, "aws_kms_alias").map((a) => a.name)).toContain(secretsAlias);
    expect(dataOf(addons, "aws_kms_alias").map((a) => a.name)).toContain(secretsAlias);
    expect(text(addons)).toContain(`:secret:${built.prod!.platform.contract.secretPrefix}/*`);
  });
});
