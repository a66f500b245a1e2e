// Loki's values per deployment mode, the addresses its clients use, and the least-privilege statements of its
// Pod Identity role. Values are keys of the pinned chart's values.yaml (__tests__/charts/upstream/loki).

import { LOKI_REPLICATION_FACTOR, type ResolvedLokiLogs } from "../../common/loki";
import { LOKI_IMAGE_TAG } from "../../common/versions-cluster";
import type { Values } from "../addons/helm-values";
import { STORAGE_CLASS } from "../addons/encrypted-storage-class";
import type { PolicyStatement } from "../iam/policy-document";

/** Service account every Loki pod runs as; the Pod Identity association names it. */
export const LOKI_SERVICE_ACCOUNT = "loki";

/** Where Loki keeps chunks and index in `simple-scalable` mode. */
export interface LokiStorage {
  readonly bucketName: string;
  readonly bucketArn: string;
  /** ARN of the bucket's KMS key (the platform's logs key). */
  readonly keyArn: string;
  readonly region: string;
}

/** HTTP endpoints of the release in `namespace`: Fluent Bit pushes to `push`, Grafana queries `query`. */
export function lokiEndpoints(mode: ResolvedLokiLogs["mode"], namespace: string): { push: string; query: string } {
  const host = (service: string) => `http://${service}.${namespace}.svc.cluster.local:3100`;
  // Without the chart's nginx gateway: single-binary serves both paths from one Service; simple-scalable pushes to
  // the write target and queries the read target (its query frontend) directly.
  return mode === "single-binary" ? { push: host("loki"), query: host("loki") } : { push: host("loki-write"), query: host("loki-read") };
}

export interface LokiValuesProps {
  readonly logs: ResolvedLokiLogs;
  readonly retentionDays: number;
  /** single-binary: the volume holding everything; simple-scalable: each write and backend pod's volume. */
  readonly storageGiB: number;
  /** Required in simple-scalable mode. */
  readonly storage?: LokiStorage;
}

/** The kit's values for the Loki release, merged over charts/loki/values.yaml. */
export function lokiValues(props: LokiValuesProps): Values {
  const retention = { image: { tag: LOKI_IMAGE_TAG }, limits_config: { retention_period: `${props.retentionDays * 24}h` } };
  const volume = { size: `${props.storageGiB}Gi`, storageClass: STORAGE_CLASS };
  if (props.logs.mode === "single-binary") {
    return { loki: retention, singleBinary: { persistence: volume } };
  }
  const s = props.storage!;
  const { writeReplicas, readReplicas, backendReplicas } = props.logs;
  return {
    deploymentMode: "SimpleScalable",
    loki: {
      ...retention,
      commonConfig: { replication_factor: LOKI_REPLICATION_FACTOR },
      storage: {
        type: "s3",
        // One bucket for everything: keys are prefixed per tenant (chunks), `index/` and `rules/`.
        bucketNames: { chunks: s.bucketName, ruler: s.bucketName, admin: s.bucketName },
        // No keys, no endpoint: the SDK's default chain finds the Pod Identity credentials, and the regional
        // endpoint is what the VPC's S3 gateway endpoint serves (the dual-stack name is not).
        s3: { region: s.region, disable_dualstack: true },
      },
      schemaConfig: {
        configs: [{ from: "2024-04-01", store: "tsdb", object_store: "s3", schema: "v13", index: { prefix: "loki_index_", period: "24h" } }],
      },
      compactor: { retention_enabled: true, delete_request_store: "s3" },
    },
    singleBinary: { replicas: 0 },
    write: { replicas: writeReplicas, persistence: volume, resources: WRITE_RESOURCES, topologySpreadConstraints: zoneSpread("write") },
    read: { replicas: readReplicas, resources: READ_RESOURCES, topologySpreadConstraints: zoneSpread("read") },
    backend: { replicas: backendReplicas, persistence: volume, resources: READ_RESOURCES, topologySpreadConstraints: zoneSpread("backend") },
  };
}

const WRITE_RESOURCES = { requests: { cpu: "200m", memory: "512Mi" }, limits: { memory: "2Gi" } };
const READ_RESOURCES = { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } };

/**
 * One replica per zone where capacity allows. Soft, like Alertmanager's: a zone short of nodes delays spreading,
 * never scheduling. The chart's own hard anti-affinity keeps replicas on different nodes, and its disruption
 * budgets (maxUnavailable 1, rendered when a target has more than one replica) keep a quorum through drains.
 */
function zoneSpread(component: string): Values[] {
  return [
    {
      maxSkew: 1,
      topologyKey: "topology.kubernetes.io/zone",
      whenUnsatisfiable: "ScheduleAnyway",
      labelSelector: { matchLabels: { "app.kubernetes.io/name": "loki", "app.kubernetes.io/component": component } },
    },
  ];
}

/**
 * Loki's S3 access (Loki docs, "Deploy the Loki Helm chart on AWS": list, get, put, delete on its bucket), limited
 * to this bucket, and the logs key through S3 only for this bucket's objects.
 */
export function lokiStorageStatements(storage: LokiStorage, dnsSuffix: string): PolicyStatement[] {
  return [
    { Sid: "ListLokiBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: storage.bucketArn },
    {
      Sid: "ReadWriteLokiObjects",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
      Resource: `${storage.bucketArn}/*`,
    },
    {
      Sid: "UseLogsKeyThroughS3",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: storage.keyArn,
      Condition: {
        StringEquals: { "kms:ViaService": `s3.${storage.region}.${dnsSuffix}` },
        StringLike: { "kms:EncryptionContext:aws:s3:arn": `${storage.bucketArn}*` },
      },
    },
  ];
}
