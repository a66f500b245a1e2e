import { Testing } from "cdktf";
import { parse } from "yaml";
import { dev, platform } from "../../config/environments";
import { HELM_CHARTS, LOCAL_CHARTS } from "../../common/versions-cluster";
import { ClusterAddonsStack } from "../../stacks/cluster-addons-stack";
import { clusterIn } from "../constructs/cluster/fixtures";
import type { SynthJson } from "../helpers";

interface Tf extends SynthJson {
  terraform: { backend: Record<string, Record<string, unknown>> };
  provider: Record<string, Record<string, unknown>[]>;
}

function addonsStack(name: string) {
  const environment = platform.environments.find((e) => e.name === name)!;
  const stack = new ClusterAddonsStack(Testing.app(), { project: "aec-platform", environment });
  return { stack, tf: stack.toTerraform() as Tf, environment };
}

const releases = (tf: Tf) => Object.values(tf.resource?.helm_release ?? {});
const release = (tf: Tf, name: string) => releases(tf).find((r) => r.name === name)!;
const valuesOf = (tf: Tf, name: string) => parse((release(tf, name).values as string[])[0]);

describe.each(platform.environments.map((e) => [e.name]))("%s-cluster-addons", (name) => {
  const { stack, tf, environment } = addonsStack(name);
  const settings = environment.cluster;

  it("is named <env>-cluster-addons with its own AWS provider and state key", () => {
    expect(stack.node.id).toBe(`${name}-cluster-addons`);
    expect(tf.provider.aws[0]).toMatchObject({ region: environment.region });
    expect(tf.terraform.backend.s3).toMatchObject({ key: `${name}/${name}-cluster-addons.tfstate`, use_lockfile: true });
  });

  it("reads the cluster by name and authenticates with short-lived tokens, without remote state", () => {
    const [cluster] = Object.values(tf.data?.aws_eks_cluster ?? {});
    expect(cluster.name).toBe(`aec-platform-${name}`);
    expect(tf.data?.terraform_remote_state).toBeUndefined();
    const exec = {
      api_version: "client.authentication.k8s.io/v1beta1",
      command: "aws",
      args: ["eks", "get-token", "--cluster-name", `aec-platform-${name}`, "--region", environment.region, "--output", "json"],
    };
    expect(tf.provider.kubernetes[0]).toMatchObject({ host: expect.stringContaining(".endpoint}"), exec: [exec] });
    expect(tf.provider.helm[0]).toMatchObject({ kubernetes: { host: expect.stringContaining(".endpoint}"), exec } });
  });

  it("pins every release to the catalog, atomic and waiting, with values that parse", () => {
    // A workload's release is named after it; its chart is the local workload-resources chart.
    const chartOf = (r: Record<string, unknown>) => (r.name === "processing-worker-resources" ? "workload-resources" : (r.name as string));
    const names = releases(tf).map(chartOf).sort();
    expect(names).toEqual([...Object.keys(HELM_CHARTS), ...Object.keys(LOCAL_CHARTS)].sort());
    for (const r of releases(tf)) {
      const chart = chartOf(r);
      const pinned = HELM_CHARTS[chart as keyof typeof HELM_CHARTS] ?? LOCAL_CHARTS[chart as keyof typeof LOCAL_CHARTS];
      expect({ name: r.name, version: r.version, atomic: r.atomic, wait: r.wait }).toEqual({
        name: r.name,
        version: pinned.version,
        atomic: true,
        wait: true,
      });
      expect(typeof parse((r.values as string[])[0])).toBe("object");
    }
  });

  it("installs the load balancer controller before every other release", () => {
    const lbc = Object.entries(tf.resource!.helm_release).find(([, r]) => r.name === "aws-load-balancer-controller")![0];
    for (const n of ["external-secrets", "cluster-autoscaler", "metrics-server"]) {
      expect(release(tf, n).depends_on).toContain(`helm_release.${lbc}`);
    }
  });

  it("gives each controller its own role through a Pod Identity association", () => {
    const associations = Object.values(tf.resource?.aws_eks_pod_identity_association ?? {}).map((a) => `${a.namespace}/${a.service_account}`);
    expect(associations.sort()).toEqual([
      "external-secrets/external-secrets",
      "kube-system/aws-load-balancer-controller",
      "kube-system/cluster-autoscaler",
      "monitoring/cloudwatch-exporter",
      ...(settings.monitoring.logs?.mode === "simple-scalable" ? ["monitoring/loki"] : []),
    ]);
  });

  it("sizes Prometheus, Alertmanager, Grafana and Loki from the environment's settings", () => {
    const m = settings.monitoring;
    const kps = valuesOf(tf, "kube-prometheus-stack");
    expect(kps.prometheus.prometheusSpec.retention).toBe(`${m.prometheusRetentionDays}d`);
    expect(kps.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec).toEqual({
      storageClassName: "gp3-encrypted",
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: `${m.prometheusStorageGiB}Gi` } },
    });
    expect(kps.alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.resources.requests.storage).toBe(`${m.alertmanagerStorageGiB}Gi`);
    expect(kps.grafana.persistence.size).toBe(`${m.grafanaStorageGiB}Gi`);
    // Highly available where the environment asks: replicas spread over zones, a disruption budget, and the
    // peers' gossip port open between them (without it each replica notifies on its own).
    const replicas = m.alertmanagerReplicas ?? 1;
    expect(kps.alertmanager.alertmanagerSpec.replicas ?? 1).toBe(replicas);
    if (replicas > 1) {
      expect(kps.alertmanager.alertmanagerSpec).toMatchObject({ podAntiAffinity: "soft", podAntiAffinityTopologyKey: "topology.kubernetes.io/zone" });
      expect(kps.alertmanager.podDisruptionBudget).toEqual({ enabled: true, minAvailable: 1 });
    } else {
      expect(kps.alertmanager.podDisruptionBudget).toBeUndefined();
    }
    const mesh = Object.values(tf.resource?.kubernetes_network_policy_v1 ?? {}).find((p: any) => p.metadata?.[0]?.name === "alertmanager-mesh" || p.metadata?.name === "alertmanager-mesh") as any;
    expect(JSON.stringify(mesh?.spec)).toContain('"port":"9094","protocol":"UDP"');
    // ReadWriteOnce volume: the old pod must stop before the new one can attach it (a rolling update stalls).
    expect(kps.grafana.deploymentStrategy).toEqual({ type: "Recreate" });
    // CloudWatch samples at scrape time, scraped well inside Prometheus's 5-minute staleness: alerts can fire.
    const exporter = valuesOf(tf, "cloudwatch-exporter");
    expect(parse(exporter.config)).toMatchObject({ set_timestamp: false, period_seconds: 60, delay_seconds: 120 });
    expect(exporter.serviceMonitor.interval).toBe("2m");
    const loki = valuesOf(tf, "loki");
    expect(loki.loki.limits_config.retention_period).toBe(`${m.lokiRetentionDays * 24}h`);
    if (m.logs?.mode === "simple-scalable") {
      expect(loki.write.persistence.size).toBe(`${m.lokiStorageGiB}Gi`);
      expect(loki.backend.persistence.size).toBe(`${m.lokiStorageGiB}Gi`);
    } else {
      expect(loki.singleBinary.persistence.size).toBe(`${m.lokiStorageGiB}Gi`);
    }
  });

  it("routes alerts from configuration and keeps receiver secrets out of values", () => {
    const kps = valuesOf(tf, "kube-prometheus-stack");
    expect(kps.alertmanager.config.route.receiver).toBe(settings.monitoring.alerting.defaultReceiver);
    const receivers = Object.keys(settings.monitoring.alerting.receivers);
    expect(kps.alertmanager.alertmanagerSpec.secrets).toEqual(receivers.length > 0 ? ["alertmanager-receivers"] : []);
    expect(valuesOf(tf, "monitoring-secrets").receivers).toEqual(
      Object.fromEntries(receivers.map((r) => [r, `aec-platform/${name}/monitoring/${r}`])),
    );
    const all = releases(tf).map((r) => (r.values as string[])[0]).join("\n");
    expect(all).not.toMatch(/\b(api_url|routing_key|service_key|adminPassword|password):/);
    expect(kps.grafana.admin.existingSecret).toBe("grafana-admin");
  });

  it("loads the shipped rule groups and dashboards", () => {
    expect(Object.keys(valuesOf(tf, "kube-prometheus-stack").additionalPrometheusRulesMap).sort()).toEqual([
      "broker",
      "handlers",
      "nodes",
      "postgresql",
      "redis",
    ]);
    const dashboards = Object.values(tf.resource?.kubernetes_config_map_v1 ?? {});
    expect(dashboards.map((d) => (d.metadata as { name: string }).name).sort()).toEqual([
      "dashboard-broker",
      "dashboard-handlers",
      "dashboard-nodes",
      "dashboard-postgresql",
      "dashboard-redis",
    ]);
    for (const d of dashboards) expect((d.metadata as { labels: object }).labels).toEqual({ grafana_dashboard: "1" });
  });

  it("labels aec-data, aec-processing and the controllers' namespaces restricted, monitoring privileged (node agents) with baseline warnings", () => {
    const labels = Object.fromEntries(
      Object.values(tf.resource!.kubernetes_namespace_v1).map((n) => {
        const md = n.metadata as { name: string; labels: Record<string, string> };
        return [md.name, [md.labels["pod-security.kubernetes.io/enforce"], md.labels["pod-security.kubernetes.io/warn"]]];
      }),
    );
    expect(labels).toEqual({
      "aec-data": ["restricted", "restricted"],
      monitoring: ["privileged", "baseline"],
      "external-secrets": ["restricted", "restricted"],
      keda: ["restricted", "restricted"],
      "aec-processing": ["restricted", "restricted"],
    });
  });

  it("denies by default in aec-data, aec-processing and monitoring, with DNS, scraping and Loki ingestion allowed", () => {
    const policies = Object.values(tf.resource!.kubernetes_network_policy_v1).map((p) => (p.metadata as { name: string }).name);
    for (const n of ["default-deny", "allow-dns", "prometheus-scrape", "loki-ingestion", "fluent-bit-to-loki", "data-tier-egress"]) {
      expect(policies).toContain(n);
    }
    expect(policies.filter((p) => p === "default-deny")).toHaveLength(3);
    expect(Object.keys(tf.resource!.kubernetes_resource_quota_v1)).toHaveLength(3);
    expect(Object.keys(tf.resource!.kubernetes_limit_range_v1)).toHaveLength(3);
  });

  it("makes gp3 under the cluster's volume key the default StorageClass", () => {
    const [sc] = Object.values(tf.resource!.kubernetes_storage_class_v1);
    expect(sc).toMatchObject({
      storage_provisioner: "ebs.csi.aws.com",
      reclaim_policy: environment.deletionProtection ? "Retain" : "Delete",
      volume_binding_mode: "WaitForFirstConsumer",
      parameters: { type: "gp3", encrypted: "true", kmsKeyId: expect.stringContaining("data.aws_kms_alias") },
    });
    const alias = Object.values(tf.data!.aws_kms_alias).map((a) => a.name);
    expect(alias).toEqual(expect.arrayContaining([`alias/aec-platform-${name}-eks-volumes`, `alias/aec-platform-${name}-secrets`]));
  });
});

describe("cluster-addons stack snapshot", () => {
  it("matches for prod", () => {
    expect(JSON.stringify(addonsStack("prod").stack.toTerraform(), null, 2)).toMatchSnapshot();
  });
});

describe("stack separation", () => {
  const types = (json: SynthJson) => Object.keys(json.resource ?? {});

  it.each(platform.environments.map((e) => [e.name]))(
    "%s: the stack with the EKS cluster has no kubernetes or helm resources or providers, and vice versa",
    (name) => {
      const platformTf = clusterIn(platform.environments.find((e) => e.name === name)!).stack.toTerraform() as Tf;
      const addonsTf = addonsStack(name).tf;
      expect(types(platformTf)).toContain("aws_eks_cluster");
      expect(types(platformTf).filter((t) => /^(kubernetes|helm)_/.test(t))).toEqual([]);
      expect(Object.keys(platformTf.provider)).toEqual(["aws"]);
      expect(types(addonsTf)).not.toContain("aws_eks_cluster");
      expect(Object.keys(addonsTf.provider).sort()).toEqual(["aws", "helm", "kubernetes"]);
    },
  );
});

describe("ClusterAddonsStack settings", () => {
  it("fails at synth on an unknown release in the environment's Helm values", () => {
    const environment = { ...dev, cluster: { ...dev.cluster, helmValues: { "loki-stack": {} } } };
    expect(() => new ClusterAddonsStack(Testing.app(), { project: "aec-platform", environment })).toThrow(
      "dev.cluster.helmValues.loki-stack: got \"loki-stack\"; expected a chart release the kit installs",
    );
  });

  it("merges the environment's Helm values over the values file", () => {
    const environment = { ...dev, cluster: { ...dev.cluster, helmValues: { "metrics-server": { replicas: 1 } } } };
    const stack = new ClusterAddonsStack(Testing.app(), { project: "aec-platform", environment });
    expect(valuesOf(stack.toTerraform() as Tf, "metrics-server").replicas).toBe(1);
  });
});

describe("an environment whose broker is Kafka", () => {
  const environment = { ...dev, data: { ...dev.data, broker: { kind: "kafka" } as NonNullable<typeof dev.data.broker> } };
  const tf = new ClusterAddonsStack(Testing.app(), { project: "aec-platform", environment }).toTerraform() as Tf;

  it("watches MSK instead of Amazon MQ: exporter metrics, alert rules and dashboard", () => {
    const namespaces = new Set(parse(valuesOf(tf, "cloudwatch-exporter").config).metrics.map((m: { aws_namespace: string }) => m.aws_namespace));
    expect(namespaces.has("AWS/Kafka")).toBe(true);
    expect(namespaces.has("AWS/AmazonMQ")).toBe(false);
    const rules = Object.keys(valuesOf(tf, "kube-prometheus-stack").additionalPrometheusRulesMap);
    expect(rules).toContain("kafka");
    expect(rules).not.toContain("broker");
    const boards = Object.values(tf.resource?.kubernetes_config_map_v1 ?? {}).map((c: any) => Object.keys(c.data ?? {})).flat();
    expect(boards.some((key) => key.startsWith("kafka"))).toBe(true);
    expect(boards.some((key) => key.startsWith("broker"))).toBe(false);
  });
});
