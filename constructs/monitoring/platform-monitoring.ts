import { DataAwsKmsAlias } from "@cdktf/provider-aws/lib/data-aws-kms-alias";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { parse, stringify } from "yaml";
import type { BrokerKind } from "../../common/broker";
import type { AlertRouting } from "../../common/alerting";
import { resolveLokiLogs, type LokiLogs } from "../../common/loki";
import { throwIfProblems } from "../../common/problems";
import { ChartRelease, type ValuesByRelease } from "../addons/chart-release";
import type { ClusterConnection } from "../addons/cluster-connection";
import { ControllerIdentity } from "../addons/controller-identity";
import { cloudWatchExporterStatements } from "../addons/controller-policies";
import { STORAGE_CLASS } from "../addons/encrypted-storage-class";
import { chartFile, readYamlFile, terraformLiteral, type Values } from "../addons/helm-values";
import { PlatformNamespace } from "../addons/platform-namespace";
import { awsContext } from "../core/aws-context";
import { alertmanagerConfig, RECEIVER_SECRET, receiverSecretName } from "./alertmanager-config";
import { LOKI_SERVICE_ACCOUNT, lokiEndpoints, lokiStorageStatements, lokiValues, type LokiStorage } from "./loki";
import { dashboards, ruleGroups } from "./monitoring-content";
import { monitoringNetworkPolicies, MONITORING_QUOTA, MONITORING_CONTAINER_DEFAULTS } from "./monitoring-policies";

export interface PlatformMonitoringProps {
  readonly connection: ClusterConnection;
  /** Plain-text cluster name; role names start with it. */
  readonly clusterName: string;
  /** Days Prometheus keeps samples (it also deletes the oldest before its volume fills). */
  readonly prometheusRetentionDays: number;
  /** Prometheus volume, in GiB. */
  readonly prometheusStorageGiB: number;
  /** Alertmanager volume (silences, notification log), in GiB. */
  readonly alertmanagerStorageGiB: number;
  /**
   * Alertmanager replicas. Above one they form a cluster (the operator wires the peers), are kept on different
   * zones where capacity allows, and a PodDisruptionBudget keeps one running through node drains. @default 1
   */
  readonly alertmanagerReplicas?: number;
  /** Grafana volume, in GiB. */
  readonly grafanaStorageGiB: number;
  /** Days Loki keeps log lines. */
  readonly lokiRetentionDays: number;
  /** Loki's volume in GiB: everything in single-binary mode, each write and backend pod's WAL in simple-scalable. */
  readonly lokiStorageGiB: number;
  /** How Loki runs (common/loki.ts). @default { mode: "single-binary" } */
  readonly logs?: LokiLogs;
  /**
   * Loki's bucket (made by the platform stack, see LokiBucket) and the alias of its KMS key, without `alias/`;
   * required in simple-scalable mode. @default none
   */
  readonly lokiBucket?: { readonly name: string; readonly keyAlias: string };
  /** Alertmanager's receivers (secrets at `<secretPrefix>/monitoring/<receiver>`) and routes. */
  readonly alerting: AlertRouting;
  /** The environment's broker: its dashboard, alert rules and CloudWatch metrics are the ones included. @default "rabbitmq" */
  readonly broker?: BrokerKind;
  /** Secrets Manager prefix of the environment, e.g. `aec-platform/prod`. */
  readonly secretPrefix: string;
  /** VPC CIDR: the control plane calls the operator's admission webhook from it. */
  readonly vpcCidr: string;
  /** Releases that must be ready first: External Secrets (its CRDs) and the default StorageClass. */
  readonly dependsOn: readonly ITerraformDependable[];
  /** Helm values by release name, merged over the kit's (charts/<release>/values.yaml). @default {} */
  readonly helmValues?: ValuesByRelease;
}

export const MONITORING_NAMESPACE = "monitoring";
const GRAFANA_ADMIN_SECRET = "grafana-admin";

/**
 * Metrics, logs and alerting in the `monitoring` namespace: kube-prometheus-stack (Prometheus, Alertmanager,
 * Grafana with the kit's dashboards and rules), a CloudWatch exporter for the managed services (Lambda handlers,
 * RDS, ElastiCache, Amazon MQ), Loki, and Fluent Bit shipping every container's logs to Loki.
 */
export class PlatformMonitoring extends Construct {
  readonly namespace: PlatformNamespace;
  readonly releases: Readonly<Record<string, ChartRelease>>;

  constructor(scope: Construct, id: string, props: PlatformMonitoringProps) {
    super(scope, id);
    const ctx = awsContext(this);
    const s = props;
    const alertmanagerReplicas = props.alertmanagerReplicas ?? 1;
    const broker = props.broker ?? "rabbitmq";
    const env = (release: string) => props.helmValues?.[release] ?? {};
    // Node agents (node-exporter: host network, PID and paths; Fluent Bit: /var/log) break the baseline level, so
    // this namespace enforces privileged and warns at baseline: anything else that needs host access shows up.
    this.namespace = new PlatformNamespace(this, "namespace", {
      name: MONITORING_NAMESPACE,
      enforce: "privileged",
      warn: "baseline",
      allow: monitoringNetworkPolicies(props.vpcCidr),
      quota: MONITORING_QUOTA,
      containerDefaults: MONITORING_CONTAINER_DEFAULTS,
    });
    const ns = this.namespace.name;
    const base = [...props.dependsOn, this.namespace.namespace];

    const receivers = Object.keys(s.alerting.receivers);
    const secrets = new ChartRelease(this, "monitoring-secrets", {
      release: "monitoring-secrets",
      namespace: ns,
      values: {
        region: ctx.region,
        receiverSecret: RECEIVER_SECRET,
        receivers: Object.fromEntries(receivers.map((r) => [r, receiverSecretName(props.secretPrefix, r)])),
        grafanaAdmin: { secretName: GRAFANA_ADMIN_SECRET, remoteKey: `${props.secretPrefix}/monitoring/grafana-admin` },
      },
      dependsOn: base,
    });

    for (const [name, json] of Object.entries(dashboards(broker))) {
      new ConfigMapV1(this, `dashboard-${name}`, {
        metadata: { name: `dashboard-${name}`, namespace: this.namespace.namespace.metadata.name, labels: { grafana_dashboard: "1" } },
        data: { [`${name}.json`]: terraformLiteral(json) },
      });
    }

    const prometheus = new ChartRelease(this, "kube-prometheus-stack", {
      release: "kube-prometheus-stack",
      namespace: ns,
      values: {
        additionalPrometheusRulesMap: ruleGroups(broker),
        alertmanager: {
          config: alertmanagerConfig(s.alerting),
          alertmanagerSpec: {
            secrets: receivers.length > 0 ? [RECEIVER_SECRET] : [],
            storage: claim(s.alertmanagerStorageGiB),
            ...(alertmanagerReplicas > 1 && {
              replicas: alertmanagerReplicas,
              // Soft: a zone short of capacity delays spreading, never scheduling.
              podAntiAffinity: "soft",
              podAntiAffinityTopologyKey: "topology.kubernetes.io/zone",
            }),
          },
          ...(alertmanagerReplicas > 1 && { podDisruptionBudget: { enabled: true, minAvailable: 1 } }),
        },
        grafana: { persistence: { size: `${s.grafanaStorageGiB}Gi` }, additionalDataSources: grafanaDataSources(lokiEndpoints(resolveLokiLogs(props.logs).mode, ns).query) },
        prometheus: {
          prometheusSpec: {
            retention: `${s.prometheusRetentionDays}d`,
            // Prometheus deletes the oldest blocks before the volume fills, whatever the retention says.
            retentionSize: `${Math.floor(s.prometheusStorageGiB * 0.85)}GB`,
            storageSpec: claim(s.prometheusStorageGiB),
          },
        },
      },
      environmentValues: env("kube-prometheus-stack"),
      timeoutSeconds: 900,
      dependsOn: [...base, secrets.release],
    });

    const exporter = new ControllerIdentity(this, "cloudwatch-exporter-identity", {
      cluster: props.connection,
      roleName: `${props.clusterName}-cloudwatch-exporter`,
      namespace: ns,
      serviceAccount: "cloudwatch-exporter",
      statements: cloudWatchExporterStatements(),
    });
    const cloudwatch = new ChartRelease(this, "cloudwatch-exporter", {
      release: "cloudwatch-exporter",
      namespace: ns,
      values: { config: exporterConfig(ctx.region, broker), serviceAccount: { create: true, name: "cloudwatch-exporter" } },
      environmentValues: env("cloudwatch-exporter"),
      dependsOn: [prometheus.release, exporter.association],
    });

    const logs = resolveLokiLogs(props.logs);
    if (logs.mode === "simple-scalable" && !props.lokiBucket) {
      throwIfProblems(`PlatformMonitoring props at ${this.node.path}`, [
        {
          field: "lokiBucket",
          value: undefined,
          expected: "Loki's bucket and key when logs.mode is simple-scalable (its chunks and index live in S3)",
          fix: 'pass lokiBucket: { name, keyAlias }, or use logs: { mode: "single-binary" }',
        },
      ]);
    }
    const storage = logs.mode === "simple-scalable" ? this.lokiStorage(props.lokiBucket!) : undefined;
    const lokiIdentity =
      storage
        ? new ControllerIdentity(this, "loki-identity", {
            cluster: props.connection,
            roleName: `${props.clusterName}-loki`,
            namespace: ns,
            serviceAccount: LOKI_SERVICE_ACCOUNT,
            statements: lokiStorageStatements(storage, ctx.dnsSuffix),
          })
        : undefined;
    const loki = new ChartRelease(this, "loki", {
      release: "loki",
      namespace: ns,
      values: lokiValues({ logs, retentionDays: s.lokiRetentionDays, storageGiB: s.lokiStorageGiB, storage }),
      environmentValues: env("loki"),
      // Pods that start before their association exists get no credentials until they restart.
      dependsOn: lokiIdentity ? [...base, lokiIdentity.association] : base,
    });
    const endpoints = lokiEndpoints(logs.mode, ns);
    const fluentBit = new ChartRelease(this, "fluent-bit", {
      release: "fluent-bit",
      namespace: ns,
      values: { env: [{ name: "LOKI_HOST", value: new URL(endpoints.push).hostname }] },
      environmentValues: env("fluent-bit"),
      dependsOn: [loki.release],
    });
    this.releases = { "monitoring-secrets": secrets, "kube-prometheus-stack": prometheus, "cloudwatch-exporter": cloudwatch, loki, "fluent-bit": fluentBit };
  }

  /** The bucket by name (same account, so its ARN needs no lookup) and its key's ARN through the alias. */
  private lokiStorage(bucket: { name: string; keyAlias: string }): LokiStorage {
    const { partition, region } = awsContext(this);
    const key = new DataAwsKmsAlias(this, "loki-key", { name: `alias/${bucket.keyAlias}` });
    return { bucketName: bucket.name, bucketArn: `arn:${partition}:s3:::${bucket.name}`, keyArn: key.targetKeyArn, region };
  }
}

/** The data sources of charts/kube-prometheus-stack/values.yaml, with Loki's URL for the environment's mode. */
function grafanaDataSources(lokiUrl: string): Values[] {
  const grafana = readYamlFile("kube-prometheus-stack", "values.yaml").grafana as { additionalDataSources?: Values[] };
  return (grafana.additionalDataSources ?? []).map((source) => (source.uid === "loki" ? { ...source, url: lokiUrl } : source));
}

function claim(sizeGiB: number): Values {
  return {
    volumeClaimTemplate: {
      spec: { storageClassName: STORAGE_CLASS, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${sizeGiB}Gi` } } },
    },
  };
}

/** CloudWatch namespaces of each broker kind: an environment's exporter asks only for its own broker's. */
const BROKER_NAMESPACES: Record<BrokerKind, string> = { rabbitmq: "AWS/AmazonMQ", kafka: "AWS/Kafka" };

/** The exporter's config (a YAML string in charts/cloudwatch-exporter/values.yaml) with this environment's region. */
function exporterConfig(region: string, broker: BrokerKind): string {
  const config = exporterMetrics();
  const otherBrokers = new Set(Object.entries(BROKER_NAMESPACES).filter(([kind]) => kind !== broker).map(([, ns]) => ns));
  const metrics = (config.metrics as Array<{ aws_namespace: string }>).filter((m) => !otherBrokers.has(m.aws_namespace));
  return stringify({ ...config, metrics, region }, { lineWidth: 0 });
}

let parsedExporterConfig: Values | undefined;

/** Parsed once per process: every environment shares the metric list. */
function exporterMetrics(): Values {
  if (parsedExporterConfig) return parsedExporterConfig;
  const file = chartFile("cloudwatch-exporter", "values.yaml");
  const text = readYamlFile("cloudwatch-exporter", "values.yaml").config;
  let config: unknown;
  try {
    config = typeof text === "string" ? parse(text) : undefined;
  } catch (e) {
    config = (e as Error).message;
  }
  if (typeof config !== "object" || config === null || !Array.isArray((config as { metrics?: unknown }).metrics)) {
    throwIfProblems("Helm values", [
      { field: `${file}: config`, value: config, expected: "a YAML string with a `metrics:` list", fix: "fix the embedded YAML" },
    ]);
  }
  parsedExporterConfig = config as Values;
  return parsedExporterConfig;
}
