// Loki as synthesized for each shipped environment: the mode's values, where Fluent Bit and Grafana point, the
// Pod Identity role, the namespace's policies and quota; and the errors for settings that cannot work.
import { Testing } from "cdktf";
import { parse } from "yaml";
import { checkLokiLogs, LOKI_REPLICATION_FACTOR } from "../../../common/loki";
import { LOKI_IMAGE_TAG } from "../../../common/versions-cluster";
import { checkProject } from "../../../config/validate";
import { platform, prod } from "../../../config/environments";
import type { EnvironmentConfig } from "../../../config/types";
import { ClusterAddonsStack } from "../../../stacks/cluster-addons-stack";
import type { SynthJson } from "../../helpers";

type Json = SynthJson & { resource: Record<string, Record<string, any>> };
const ACCOUNT = "${data.aws_caller_identity.aws-context-account.account_id}";

function synth(environment: EnvironmentConfig): Json {
  return new ClusterAddonsStack(Testing.app(), { project: "aec-platform", environment }).toTerraform() as Json;
}
const valuesOf = (tf: Json, name: string) =>
  parse((Object.values(tf.resource.helm_release).find((r) => r.name === name)!.values as string[])[0]);
const byName = (tf: Json, type: string, name: string) =>
  Object.values(tf.resource[type] ?? {}).find((r) => r.metadata?.name === name);

const running = platform.environments;

describe.each(running.map((e) => [e.name, e]))("%s: Loki", (_name, environment) => {
  const env = environment as EnvironmentConfig;
  const tf = synth(env);
  const loki = valuesOf(tf, "loki");
  const m = env.cluster.monitoring;
  const scalable = m.logs?.mode === "simple-scalable";

  it("keeps lines for the environment's retention and runs the pinned Loki", () => {
    expect(loki.loki.limits_config.retention_period).toBe(`${m.lokiRetentionDays * 24}h`);
    expect(loki.loki.compactor.retention_enabled).toBe(true);
    expect(loki.loki.image.tag).toBe(LOKI_IMAGE_TAG);
    expect(loki.serviceAccount).toEqual({ create: true, name: "loki" });
  });

  it("points Fluent Bit at the write path and Grafana at the read path of its mode", () => {
    const host = scalable ? "loki-write" : "loki";
    expect(valuesOf(tf, "fluent-bit").env).toEqual([{ name: "LOKI_HOST", value: `${host}.monitoring.svc.cluster.local` }]);
    // `$${` is Terraform's escape: Helm receives `${LOKI_HOST}`, which Fluent Bit reads from its environment.
    expect(valuesOf(tf, "fluent-bit").config.outputs).toContain("Host        $${LOKI_HOST}");
    const source = valuesOf(tf, "kube-prometheus-stack").grafana.additionalDataSources.find((s: any) => s.uid === "loki");
    expect(source.url).toBe(`http://${scalable ? "loki-read" : "loki"}.monitoring.svc.cluster.local:3100`);
  });

  it("lets Loki's components reach each other on HTTP, gRPC and memberlist, and nothing else", () => {
    const policy = byName(tf, "kubernetes_network_policy_v1", "loki-cluster");
    const ports = (rules: any[]) => rules.flatMap((r) => r.ports.map((p: any) => `${p.protocol}/${p.port}`));
    expect(policy.spec.pod_selector).toEqual({ match_labels: { "app.kubernetes.io/name": "loki" } });
    expect(ports(policy.spec.ingress)).toEqual(["TCP/3100", "TCP/9095", "TCP/7946"]);
    expect(ports(policy.spec.egress)).toEqual(["TCP/3100", "TCP/9095", "TCP/7946"]);
    expect(policy.spec.egress[0].to).toEqual([{ pod_selector: { match_labels: { "app.kubernetes.io/name": "loki" } } }]);
    // S3 over HTTPS and the Pod Identity agent come from the namespace's own allows.
    expect(byName(tf, "kubernetes_network_policy_v1", "allow-pod-identity-agent").spec.egress[0].to).toEqual([{ ip_block: { cidr: "169.254.170.23/32" } }]);
    expect(byName(tf, "kubernetes_network_policy_v1", "https-egress").spec.egress[0].ports).toEqual([{ protocol: "TCP", port: "443" }]);
  });

  it("fits its volume claims in the namespace's quota", () => {
    const kps = valuesOf(tf, "kube-prometheus-stack");
    const claims =
      (kps.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate ? 1 : 0) +
      (kps.alertmanager.alertmanagerSpec.storage.volumeClaimTemplate ? (kps.alertmanager.alertmanagerSpec.replicas ?? 1) : 0) +
      (kps.grafana.persistence.enabled ? 1 : 0) +
      (loki.deploymentMode === "SingleBinary"
        ? loki.singleBinary.replicas
        : loki.write.replicas + loki.backend.replicas + (loki.read.legacyReadTarget ? loki.read.replicas : 0));
    const quota = Number(byName(tf, "kubernetes_resource_quota_v1", "quota").spec.hard.persistentvolumeclaims);
    expect(claims).toBeLessThanOrEqual(quota);
    expect(claims).toBe(scalable ? 3 + (m.alertmanagerReplicas ?? 1) + 2 + 2 : 3 + (m.alertmanagerReplicas ?? 1));
  });

  if (!scalable) {
    it("runs one Loki on its encrypted volume, with no bucket and no AWS role", () => {
      expect(loki.deploymentMode).toBe("SingleBinary");
      expect(loki.loki.storage.type).toBe("filesystem");
      expect(loki.singleBinary).toMatchObject({ replicas: 1, persistence: { size: `${m.lokiStorageGiB}Gi`, storageClass: "gp3-encrypted" } });
      const roles = Object.values(tf.resource.aws_iam_role ?? {}).map((r) => r.name);
      expect(roles.filter((n: string) => n.endsWith("-loki"))).toEqual([]);
    });
    return;
  }

  const bucket = `aec-platform-${env.name}-loki-${ACCOUNT}`;

  it("stores chunks, TSDB v13 index, compactor and ruler data in the environment's Loki bucket", () => {
    expect(loki.deploymentMode).toBe("SimpleScalable");
    expect(loki.loki.storage).toMatchObject({
      type: "s3",
      bucketNames: { chunks: bucket, ruler: bucket, admin: bucket },
      // The region of the stack's AWS provider, which is the environment's (asserted with the stack).
      s3: { region: "${data.aws_region.aws-context-region.region}", disable_dualstack: true },
    });
    expect(loki.loki.storage.s3.accessKeyId ?? null).toBeNull();
    expect(loki.loki.schemaConfig.configs).toEqual([
      { from: "2024-04-01", store: "tsdb", object_store: "s3", schema: "v13", index: { prefix: "loki_index_", period: "24h" } },
    ]);
    expect(loki.loki.compactor.delete_request_store).toBe("s3");
    expect(loki.singleBinary.replicas).toBe(0);
  });

  it("writes every stream to three ingesters and spreads each target over zones, with budgets the chart renders", () => {
    expect(loki.loki.commonConfig.replication_factor).toBe(LOKI_REPLICATION_FACTOR);
    expect(loki.write.replicas).toBeGreaterThanOrEqual(LOKI_REPLICATION_FACTOR);
    for (const target of ["write", "read", "backend"]) {
      // The chart renders a PodDisruptionBudget (maxUnavailable 1) for a target with more than one replica.
      expect({ target, many: loki[target].replicas > 1 }).toEqual({ target, many: true });
      expect(loki[target].topologySpreadConstraints).toEqual([
        {
          maxSkew: 1,
          topologyKey: "topology.kubernetes.io/zone",
          whenUnsatisfiable: "ScheduleAnyway",
          labelSelector: { matchLabels: { "app.kubernetes.io/name": "loki", "app.kubernetes.io/component": target } },
        },
      ]);
      expect(loki[target].resources.requests).toBeDefined();
    }
    for (const target of ["write", "backend"]) {
      expect(loki[target].persistence).toEqual({ size: `${m.lokiStorageGiB}Gi`, storageClass: "gp3-encrypted" });
    }
  });

  it("gives the loki service account a Pod Identity role limited to its bucket and the logs key through S3", () => {
    const association = Object.values(tf.resource.aws_eks_pod_identity_association).find((a) => a.service_account === "loki");
    expect(association).toMatchObject({ namespace: "monitoring" });
    const role = Object.entries(tf.resource.aws_iam_role).find(([, r]) => r.name === `aec-platform-${env.name}-loki`)!;
    expect(association.role_arn).toBe(`\${aws_iam_role.${role[0]}.arn}`);
    const policy = Object.values(tf.resource.aws_iam_role_policy).find((p) => p.role === `\${aws_iam_role.${role[0]}.id}`);
    const statements = JSON.parse(policy.policy).Statement;
    const arn = `arn:\${data.aws_partition.aws-context-partition.partition}:s3:::${bucket}`;
    expect(statements.map((s: any) => [s.Sid, s.Resource])).toEqual([
      ["ListLokiBucket", arn],
      ["ReadWriteLokiObjects", `${arn}/*`],
      ["UseLogsKeyThroughS3", expect.stringMatching(/^\$\{data\.aws_kms_alias\.monitoring_loki-key_[0-9A-F]{8}\.target_key_arn\}$/)],
    ]);
    expect(statements[2].Condition.StringLike).toEqual({ "kms:EncryptionContext:aws:s3:arn": `${arn}*` });
    expect(Object.values(tf.data!.aws_kms_alias).map((a: any) => a.name)).toContain(`alias/aec-platform-${env.name}-logs`);
    expect(JSON.stringify(statements)).not.toContain('"*"');
  });

  it("installs Loki after its Pod Identity association exists", () => {
    const release = Object.values(tf.resource.helm_release).find((r) => r.name === "loki");
    expect(release.depends_on.some((d: string) => d.startsWith("aws_eks_pod_identity_association.monitoring_loki-identity"))).toBe(true);
  });
});

describe("Loki settings that cannot work", () => {
  it.each([
    [{ mode: "simple-scalable", writeReplicas: 2 }, "x.writeReplicas", "a whole number from 3 to 12 (each log stream is written to 3 ingesters)"],
    [{ mode: "simple-scalable", readReplicas: 1 }, "x.readReplicas", "a whole number from 2 to 12 (one replica per zone failure)"],
    [{ mode: "simple-scalable", backendReplicas: 2.5 }, "x.backendReplicas", "a whole number from 2 to 12 (one replica per zone failure)"],
    [{ mode: "distributed" }, "x.mode", "one of single-binary, simple-scalable"],
  ])("fails %j", (logs, field, expected) => {
    expect(checkLokiLogs("x", logs as never, false)).toEqual([expect.objectContaining({ field, value: Object.values(logs).at(-1), expected })]);
  });

  it("accepts the defaults and the shipped settings", () => {
    expect(checkLokiLogs("x", undefined, false)).toEqual([]);
    expect(checkLokiLogs("x", { mode: "single-binary" }, false)).toEqual([]);
    expect(checkLokiLogs("x", { mode: "simple-scalable", writeReplicas: 3, readReplicas: 2, backendReplicas: 2 }, true)).toEqual([]);
  });

  it.each([[{ mode: "single-binary" } as const], [undefined]])("fails a production environment whose logs are %j", (logs) => {
    const environments = platform.environments.map((e) =>
      e.name === "prod" ? { ...prod, cluster: { ...prod.cluster, monitoring: { ...prod.cluster.monitoring, logs } } } : e,
    );
    const problems = checkProject({ ...platform, environments }).filter((p) => p.field === "prod.cluster.monitoring.logs.mode");
    expect(problems).toEqual([
      {
        field: "prod.cluster.monitoring.logs.mode",
        value: logs?.mode,
        expected: "simple-scalable in a production environment (a single Loki loses its logs with its node's volume)",
        fix: 'set logs: { mode: "simple-scalable" }',
      },
    ]);
  });

  it("fails a simple-scalable monitoring built without Loki's bucket, naming the prop", async () => {
    const { PlatformMonitoring } = await import("../../../constructs/monitoring/platform-monitoring");
    const { ClusterConnection } = await import("../../../constructs/addons/cluster-connection");
    const { emptyStack } = await import("../../helpers");
    const { AwsProvider } = await import("@cdktf/provider-aws/lib/provider");
    const { stack } = emptyStack();
    new AwsProvider(stack, "aws", { region: "us-west-2" });
    const connection = new ClusterConnection(stack, "cluster", { clusterName: "c", region: "us-west-2" });
    const m = prod.cluster.monitoring;
    expect(
      () =>
        new PlatformMonitoring(stack, "monitoring", {
          connection,
          clusterName: "c",
          ...m,
          logs: { mode: "simple-scalable" },
          secretPrefix: "p/prod",
          vpcCidr: "10.0.0.0/16",
          dependsOn: [],
        }),
    ).toThrow(/lokiBucket: got nothing; expected Loki's bucket and key when logs.mode is simple-scalable/);
  });
});
