import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { HorizontalPodAutoscalerV2 } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import { NetworkPolicyV1, type NetworkPolicyV1SpecEgress } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { NodeGroupSettings } from "../../common/cluster";
import { throwIfProblems } from "../../common/problems";
import { ChartRelease } from "../addons/chart-release";
import { DNS_EGRESS, POD_IDENTITY_AGENT_EGRESS } from "../addons/platform-namespace";
import { awsContext } from "../core/aws-context";
import { externalSecret, podMonitor, rabbitMqScaler, secretName, secretStore, type Manifest, type WorkloadSecret } from "./custom-resources";
import { checkWorkloadProps } from "./workload-validate";
import { imageReference } from "./validate";

/** Where the workload may connect: a CIDR (the VPC's data tier, an endpoint) on TCP ports. */
export interface WorkloadEgress {
  readonly cidr: string;
  readonly ports: readonly number[];
}

/** How many replicas run. KEDA reads a RabbitMQ queue's depth over AMQP with the workload's own broker user. */
export type WorkloadScaling =
  | { readonly kind: "fixed"; readonly replicas: number }
  | { readonly kind: "cpu"; readonly minReplicas: number; readonly maxReplicas: number; readonly targetCpuPercent: number }
  | {
      readonly kind: "rabbitmq";
      readonly minReplicas: number;
      readonly maxReplicas: number;
      /** Queue whose ready messages count; must be one `knownQueues` lists. */
      readonly queue: string;
      /** The queues the broker topology declares (fileEventsTopology().queues' names). */
      readonly knownQueues: readonly string[];
      /** Ready messages one replica is expected to work through: replicas = depth / this. */
      readonly messagesPerReplica: number;
      /** Key of `secrets` holding the broker user's `username` and `password`. */
      readonly credentialsSecret: string;
      /** `amqps://` endpoint host and port, and the vhost. */
      readonly host: string;
      readonly port: number;
      readonly vhost: string;
    };

export interface WorkloadProps {
  /** DNS-1123 label; names the Deployment, service account, policies and custom resources. */
  readonly name: string;
  /** Namespace, created beforehand (a PlatformNamespace gives it quota and default-deny). */
  readonly namespace: string;
  /** Service account the Pod Identity association names (WorkloadIdentity). @default name */
  readonly serviceAccountName?: string;
  /** ECR repository URL without tag (`<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/<name>`). */
  readonly imageRepository: string;
  /** A version tag (`1.4.2`) or a digest (`sha256:<64 hex>`); `latest` and branch names are refused. */
  readonly imageTag: string;
  readonly requestCpu: string;
  readonly requestMemory: string;
  readonly limitCpu: string;
  readonly limitMemory: string;
  /** @default { kind: "fixed", replicas: 2 } */
  readonly scaling?: WorkloadScaling;
  /** Plain environment variables: endpoints and names, never secret values. @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /** Secrets Manager secrets synced by External Secrets into `<name>-<key>` Kubernetes Secrets. @default {} */
  readonly secrets?: Readonly<Record<string, WorkloadSecret>>;
  /** Environment variables read from those Secrets (secretKeyRef). @default {} */
  readonly secretEnvironment?: Readonly<Record<string, { readonly secret: string; readonly key: string }>>;
  /** How often External Secrets re-reads the secrets. @default "1h" */
  readonly secretRefreshInterval?: string;
  /** Port of the HTTP health endpoints. @default 8080 */
  readonly healthPort?: number;
  /** @default "/livez" */
  readonly livenessPath?: string;
  /** @default "/readyz" */
  readonly readinessPath?: string;
  /** Port Prometheus scrapes. @default 9464 */
  readonly metricsPort?: number;
  /** @default "/metrics" */
  readonly metricsPath?: string;
  /** Where the workload connects besides DNS and the Pod Identity agent. @default [] */
  readonly egress?: readonly WorkloadEgress[];
  /** The cluster's node groups, to place the workload on one and check the name. @default {} */
  readonly nodeGroups?: Readonly<Record<string, NodeGroupSettings>>;
  /** Node group to run on: its taints are tolerated and its `nodegroup` label selected. @default none (untainted groups) */
  readonly nodeGroup?: string;
  /** Seconds between SIGTERM and SIGKILL: the drain budget. @default 60 */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Seconds a `preStop` hook sleeps before SIGTERM, for workloads behind a Service whose endpoints must drop them
   * first; it runs `/bin/sh -c sleep`, so the image needs a shell. 0 adds no hook (a queue consumer drains on
   * SIGTERM itself). @default 0
   */
  readonly preStopSleepSeconds?: number;
  /** Size of the writable /tmp (emptyDir in memory-backed node storage). @default 64 */
  readonly tmpSizeMiB?: number;
  /** Numeric user the container runs as (runAsNonRoot needs a number to verify). @default 10001 */
  readonly runAsUser?: number;
  /** What must exist first: External Secrets, KEDA and kube-prometheus-stack releases (their CRDs). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

export const DEFAULTS = {
  scaling: { kind: "fixed", replicas: 2 } as WorkloadScaling,
  secretRefreshInterval: "1h",
  healthPort: 8080,
  livenessPath: "/livez",
  readinessPath: "/readyz",
  metricsPort: 9464,
  metricsPath: "/metrics",
  terminationGracePeriodSeconds: 60,
  preStopSleepSeconds: 0,
  tmpSizeMiB: 64,
  runAsUser: 10001,
} as const;

/** Prometheus of kube-prometheus-stack, in the monitoring namespace: the only scraper admitted. */
const PROMETHEUS_PEER = {
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } },
  podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } },
};

/**
 * The Kubernetes half of a workload on the cluster, with the platform's defaults: a Deployment with requests and
 * limits, the restricted security context, HTTP probes, zone spread, a PodDisruptionBudget and a graceful stop; a
 * NetworkPolicy that admits only Prometheus and lets out only what `egress` declares (plus DNS and the Pod
 * Identity agent); secrets through External Secrets; scaling by HPA or KEDA; a PodMonitor.
 *
 * Its AWS identity is the other half, `WorkloadIdentity`, which lives with the resources it is granted: in the kit
 * the platform stack owns the data tier and the cluster, so grants from there to a role made here would tie the
 * two stacks in a cycle. Both halves agree on namespace and service account name; EKS Pod Identity joins them.
 */
export class Workload extends Construct {
  readonly deployment: DeploymentV1;
  readonly serviceAccount: ServiceAccountV1;
  readonly networkPolicy: NetworkPolicyV1;
  readonly disruptionBudget: PodDisruptionBudgetV1;
  readonly autoscaler?: HorizontalPodAutoscalerV2;
  /** The custom resources (SecretStore, ExternalSecrets, KEDA objects, PodMonitor) as released. */
  readonly customResources: readonly Manifest[];
  readonly resources: ChartRelease;

  constructor(scope: Construct, id: string, props: WorkloadProps) {
    super(scope, id);
    const p = { ...DEFAULTS, environment: {}, secrets: {}, secretEnvironment: {}, egress: [], nodeGroups: {}, dependsOn: [], ...props };
    throwIfProblems(`Workload props at ${this.node.path}`, checkWorkloadProps(props));
    const { name, namespace } = p;
    const serviceAccountName = p.serviceAccountName ?? name;
    const labels = { "app.kubernetes.io/name": name, "app.kubernetes.io/managed-by": "cdktf" };
    const selector = { "app.kubernetes.io/name": name };
    const metadata = { name, namespace, labels };

    this.serviceAccount = new ServiceAccountV1(this, "service-account", {
      metadata: { ...metadata, name: serviceAccountName },
      // Pod Identity hands credentials through its own projected token; the workload never calls the API server.
      automountServiceAccountToken: false,
    });

    const manifests: Manifest[] = [];
    const secretKeys = Object.keys(p.secrets);
    if (secretKeys.length > 0) manifests.push(secretStore(name, namespace, awsContext(this).region));
    for (const key of secretKeys) manifests.push(externalSecret(name, namespace, key, p.secrets[key]!, p.secretRefreshInterval));

    const scaling = p.scaling;
    if (scaling.kind === "rabbitmq") {
      const credentials = p.secrets[scaling.credentialsSecret]!;
      const vhost = encodeURIComponent(scaling.vhost);
      // KEDA takes the whole URL from one Secret key: rendered by External Secrets from the same broker user.
      manifests.push(
        externalSecret(name, namespace, "keda-amqp", credentials, p.secretRefreshInterval, {
          host: `amqps://{{ .username | urlquery }}:{{ .password | urlquery }}@${scaling.host}:${scaling.port}/${vhost}`,
        }),
        ...rabbitMqScaler({
          workload: name,
          namespace,
          deployment: name,
          minReplicas: scaling.minReplicas,
          maxReplicas: scaling.maxReplicas,
          queue: scaling.queue,
          messagesPerReplica: scaling.messagesPerReplica,
          hostSecret: secretName(name, "keda-amqp"),
          pollingIntervalSeconds: 15,
          cooldownPeriodSeconds: 300,
        }),
      );
    }
    manifests.push(podMonitor(name, namespace, selector, "metrics", p.metricsPath));
    this.customResources = manifests;
    this.resources = new ChartRelease(this, "resources", {
      release: "workload-resources",
      releaseName: `${name}-resources`,
      namespace,
      values: { resources: manifests },
      dependsOn: [...p.dependsOn],
    });

    const group = p.nodeGroup === undefined ? undefined : p.nodeGroups[p.nodeGroup];
    const autoscaled = scaling.kind !== "fixed";
    this.deployment = new DeploymentV1(this, "deployment", {
      metadata,
      spec: {
        replicas: String(scaling.kind === "fixed" ? scaling.replicas : scaling.minReplicas),
        revisionHistoryLimit: 5,
        selector: { matchLabels: selector },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "0", maxSurge: "25%" } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: this.serviceAccount.metadata.name,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            terminationGracePeriodSeconds: p.terminationGracePeriodSeconds,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: String(p.runAsUser),
              runAsGroup: String(p.runAsUser),
              fsGroup: String(p.runAsUser),
              seccompProfile: { type: "RuntimeDefault" },
            },
            ...(group && {
              nodeSelector: { nodegroup: p.nodeGroup! },
              toleration: (group.taints ?? []).map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: t.effect })),
            }),
            // Soft: a zone without capacity delays spreading, never a rollout.
            topologySpreadConstraint: [
              { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: [{ matchLabels: selector }] },
            ],
            container: [
              {
                name,
                image: imageReference(p.imageRepository, p.imageTag),
                imagePullPolicy: "IfNotPresent",
                port: [
                  { name: "health", containerPort: p.healthPort, protocol: "TCP" },
                  { name: "metrics", containerPort: p.metricsPort, protocol: "TCP" },
                ],
                env: [
                  ...Object.entries(p.environment).map(([envName, value]) => ({ name: envName, value })),
                  ...Object.entries(p.secretEnvironment).map(([envName, ref]) => ({
                    name: envName,
                    valueFrom: { secretKeyRef: { name: secretName(name, ref.secret), key: ref.key } },
                  })),
                ],
                resources: {
                  requests: { cpu: p.requestCpu, memory: p.requestMemory },
                  limits: { cpu: p.limitCpu, memory: p.limitMemory },
                },
                securityContext: {
                  runAsNonRoot: true,
                  runAsUser: String(p.runAsUser),
                  readOnlyRootFilesystem: true,
                  allowPrivilegeEscalation: false,
                  privileged: false,
                  capabilities: { drop: ["ALL"] },
                  seccompProfile: { type: "RuntimeDefault" },
                },
                livenessProbe: {
                  httpGet: { path: p.livenessPath, port: "health" },
                  periodSeconds: 10,
                  timeoutSeconds: 2,
                  failureThreshold: 3,
                  initialDelaySeconds: 10,
                },
                readinessProbe: {
                  httpGet: { path: p.readinessPath, port: "health" },
                  periodSeconds: 5,
                  timeoutSeconds: 2,
                  failureThreshold: 2,
                },
                ...(p.preStopSleepSeconds > 0 && {
                  lifecycle: { preStop: [{ exec: { command: ["/bin/sh", "-c", `sleep ${p.preStopSleepSeconds}`] } }] },
                }),
                volumeMount: [{ name: "tmp", mountPath: "/tmp" }],
              },
            ],
            volume: [{ name: "tmp", emptyDir: { sizeLimit: `${p.tmpSizeMiB}Mi` } }],
          },
        },
      },
      // Secrets and the scaler exist before the first pod asks for them.
      dependsOn: [this.resources.release],
      // The autoscaler owns the replica count once it runs.
      lifecycle: autoscaled ? { ignoreChanges: ["spec[0].replicas"] } : undefined,
    });

    this.disruptionBudget = new PodDisruptionBudgetV1(this, "disruption-budget", {
      metadata,
      spec: { maxUnavailable: "1", selector: { matchLabels: selector } },
    });

    if (scaling.kind === "cpu") {
      this.autoscaler = new HorizontalPodAutoscalerV2(this, "autoscaler", {
        metadata,
        spec: {
          minReplicas: scaling.minReplicas,
          maxReplicas: scaling.maxReplicas,
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name },
          metric: [
            { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: scaling.targetCpuPercent } } },
          ],
        },
      });
    }

    const egress: NetworkPolicyV1SpecEgress[] = [
      ...(DNS_EGRESS.egress as NetworkPolicyV1SpecEgress[]),
      ...(POD_IDENTITY_AGENT_EGRESS.egress as NetworkPolicyV1SpecEgress[]),
      ...p.egress.map((e) => ({ to: [{ ipBlock: { cidr: e.cidr } }], ports: e.ports.map((port) => ({ protocol: "TCP", port: String(port) })) })),
    ];
    this.networkPolicy = new NetworkPolicyV1(this, "network-policy", {
      metadata,
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [PROMETHEUS_PEER], ports: [{ protocol: "TCP", port: String(p.metricsPort) }] }],
        egress,
      },
    });
  }
}
