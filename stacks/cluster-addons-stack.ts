import type { Construct } from "constructs";
import { throwIfProblems } from "../common/problems";
import { checkClusterSettings } from "../config/cluster";
import { ClusterConnection } from "../constructs/addons/cluster-connection";
import { ClusterControllers } from "../constructs/addons/cluster-controllers";
import { EncryptedStorageClass } from "../constructs/addons/encrypted-storage-class";
import { PlatformNamespace } from "../constructs/addons/platform-namespace";
import { awsContext } from "../constructs/core/aws-context";
import { MONITORING_NAMESPACE, PlatformMonitoring } from "../constructs/monitoring/platform-monitoring";
import { EnvironmentStack, type EnvironmentStackProps } from "./environment-stack";
import { platformContract, type PlatformContract } from "./platform-contract";
import { addProcessingWorker } from "./processing-worker";
import type { Workload } from "../constructs/workloads/workload";

export interface ClusterAddonsStackProps extends EnvironmentStackProps {
  /** How `<env>-platform` named what this stack finds by name. @default platformContract(project, environment) */
  readonly contract?: PlatformContract;
}

/** Namespace of the platform's own workloads. */
export const DATA_NAMESPACE = "aec-data";

/**
 * `<env>-cluster-addons`: everything that runs in the cluster, installed through the kubernetes and helm providers
 * of this stack. It finds the `<env>-platform` cluster by name, so deploy `<env>-platform` first; keeping these
 * providers out of the stack that creates the cluster means neither plan depends on a cluster that may not exist.
 */
export class ClusterAddonsStack extends EnvironmentStack {
  readonly contract: PlatformContract;
  readonly connection: ClusterConnection;
  readonly controllers: ClusterControllers;
  readonly dataNamespace: PlatformNamespace;
  readonly monitoring: PlatformMonitoring;
  readonly processingNamespace: PlatformNamespace;
  readonly processingWorker: Workload;

  constructor(scope: Construct, props: ClusterAddonsStackProps) {
    super(scope, "cluster-addons", props);
    const env = this.environment;
    const settings = env.cluster;
    throwIfProblems(`cluster settings of ${env.name}`, checkClusterSettings(`${env.name}.cluster`, settings));
    const contract = (this.contract = props.contract ?? platformContract(this.project, env));
    const { clusterName, secretPrefix, vpcCidr } = contract;

    this.connection = new ClusterConnection(this, "cluster", { clusterName, region: contract.region });
    const storage = new EncryptedStorageClass(this, "storage", {
      clusterName,
      reclaimPolicy: env.deletionProtection ? "Retain" : "Delete",
    });
    this.controllers = new ClusterControllers(this, "controllers", {
      connection: this.connection,
      clusterName,
      secretPrefix,
      secretsKeyAlias: contract.keyAliases.secrets,
      helmValues: settings.helmValues,
    });

    // The platform's workloads: restricted pods, nothing in or out unless allowed here or by the app's own policies.
    this.dataNamespace = new PlatformNamespace(this, "data-namespace", {
      name: DATA_NAMESPACE,
      enforce: "restricted",
      allow: {
        "same-namespace": {
          podSelector: {},
          policyTypes: ["Ingress", "Egress"],
          ingress: [{ from: [{ podSelector: {} }] }],
          egress: [{ to: [{ podSelector: {} }] }],
        },
        "prometheus-scrape": {
          podSelector: {},
          policyTypes: ["Ingress"],
          ingress: [
            {
              from: [
                {
                  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": MONITORING_NAMESPACE } },
                  podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } },
                },
              ],
            },
          ],
        },
        // PostgreSQL, Redis, RabbitMQ (AMQPS) and Kafka (TLS, IAM) in the VPC's data tier.
        "data-tier-egress": {
          podSelector: {},
          policyTypes: ["Egress"],
          egress: [
            {
              to: [{ ipBlock: { cidr: vpcCidr } }],
              ports: Object.values(contract.dataPorts).map((p) => ({ protocol: "TCP", port: String(p) })),
            },
          ],
        },
        // AWS APIs (S3, Secrets Manager, STS through endpoints or NAT) and the Kubernetes API.
        "https-egress": {
          podSelector: {},
          policyTypes: ["Egress"],
          egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ protocol: "TCP", port: "443" }] }],
        },
      },
      quota: { "requests.cpu": "16", "requests.memory": "64Gi", "limits.memory": "128Gi", pods: "200", persistentvolumeclaims: "20" },
      containerDefaults: { requestCpu: "250m", requestMemory: "512Mi", limitCpu: "1", limitMemory: "1Gi" },
    });

    this.monitoring = new PlatformMonitoring(this, "monitoring", {
      connection: this.connection,
      clusterName,
      ...settings.monitoring,
      // The platform stack made the bucket under this name (LokiBucket); the logs key encrypts it.
      lokiBucket:
        settings.monitoring.logs?.mode === "simple-scalable"
          ? { name: contract.lokiBucketName(awsContext(this).accountId), keyAlias: contract.keyAliases.logs }
          : undefined,
      broker: env.data.broker?.kind ?? "rabbitmq",
      secretPrefix,
      vpcCidr,
      dependsOn: [this.controllers.externalSecrets.release, storage.storageClass],
      helmValues: settings.helmValues,
    });

    const processing = addProcessingWorker(this, {
      contract,
      settings: settings.workloads.processing,
      brokerKind: env.data.broker?.kind ?? "rabbitmq",
      nodeGroups: settings.nodeGroups,
      dependsOn: [this.controllers.externalSecrets.release, this.controllers.keda.release, this.monitoring.releases["kube-prometheus-stack"]!.release],
    });
    this.processingNamespace = processing.namespace;
    this.processingWorker = processing.workload;
  }
}
