// The workload's custom resources as plain objects, released through the workload-resources chart (see its
// values.yaml for why Helm and not kubernetes_manifest). API versions are the ones the pinned charts serve:
// External Secrets `external-secrets.io/v1` (as charts/monitoring-secrets uses), KEDA `keda.sh/v1alpha1`,
// Prometheus Operator `monitoring.coreos.com/v1`.

export type Manifest = Record<string, unknown>;

/** A Secrets Manager secret copied into one Kubernetes Secret: JSON properties become keys of the same names. */
export interface WorkloadSecret {
  /** Secrets Manager name (or ARN) of a JSON secret, under the prefix External Secrets may read. */
  readonly remoteKey: string;
  /** JSON properties to copy, e.g. ["username", "password"]. */
  readonly properties: readonly string[];
}

/** Kubernetes Secret name of a workload secret: `<workload>-<key>`. */
export const secretName = (workload: string, key: string) => `${workload}-${key}`;

const STORE_API = "external-secrets.io/v1";

/** A namespaced SecretStore on the External Secrets controller's own Pod Identity (scoped to the environment's prefix). */
export function secretStore(workload: string, namespace: string, region: string): Manifest {
  return {
    apiVersion: STORE_API,
    kind: "SecretStore",
    metadata: { name: storeName(workload), namespace },
    spec: { provider: { aws: { service: "SecretsManager", region } } },
  };
}

export const storeName = (workload: string) => `${workload}-secrets-manager`;

export function externalSecret(
  workload: string,
  namespace: string,
  key: string,
  secret: WorkloadSecret,
  refreshInterval: string,
  template?: Readonly<Record<string, string>>,
): Manifest {
  const name = secretName(workload, key);
  return {
    apiVersion: STORE_API,
    kind: "ExternalSecret",
    metadata: { name, namespace },
    spec: {
      refreshInterval,
      secretStoreRef: { kind: "SecretStore", name: storeName(workload) },
      target: {
        name,
        creationPolicy: "Owner",
        // A template replaces the Secret's data with what it renders from the fetched properties.
        ...(template && { template: { engineVersion: "v2", data: { ...template } } }),
      },
      data: secret.properties.map((property) => ({ secretKey: property, remoteRef: { key: secret.remoteKey, property } })),
    },
  };
}

export interface RabbitMqScalerSpec {
  readonly workload: string;
  readonly namespace: string;
  readonly deployment: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly queue: string;
  readonly messagesPerReplica: number;
  /** Kubernetes Secret whose `host` key holds the amqps:// URL with credentials. */
  readonly hostSecret: string;
  readonly pollingIntervalSeconds: number;
  readonly cooldownPeriodSeconds: number;
}

/** KEDA over AMQP (queue depth from a passive queue declare): no management API, no extra port. */
export function rabbitMqScaler(s: RabbitMqScalerSpec): Manifest[] {
  const auth = `${s.workload}-rabbitmq`;
  return [
    {
      apiVersion: "keda.sh/v1alpha1",
      kind: "TriggerAuthentication",
      metadata: { name: auth, namespace: s.namespace },
      spec: { secretTargetRef: [{ parameter: "host", name: s.hostSecret, key: "host" }] },
    },
    {
      apiVersion: "keda.sh/v1alpha1",
      kind: "ScaledObject",
      metadata: { name: s.workload, namespace: s.namespace },
      spec: {
        scaleTargetRef: { name: s.deployment },
        minReplicaCount: s.minReplicas,
        maxReplicaCount: s.maxReplicas,
        pollingInterval: s.pollingIntervalSeconds,
        cooldownPeriod: s.cooldownPeriodSeconds,
        triggers: [
          {
            type: "rabbitmq",
            metadata: { protocol: "amqp", mode: "QueueLength", value: String(s.messagesPerReplica), queueName: s.queue },
            authenticationRef: { name: auth },
          },
        ],
      },
    },
  ];
}

/** Matched by kube-prometheus-stack: its podMonitorSelector and namespace selector are empty (every PodMonitor). */
export function podMonitor(workload: string, namespace: string, selector: Readonly<Record<string, string>>, portName: string, path: string): Manifest {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PodMonitor",
    metadata: { name: workload, namespace },
    spec: {
      selector: { matchLabels: { ...selector } },
      podMetricsEndpoints: [{ port: portName, path, interval: "30s" }],
    },
  };
}
