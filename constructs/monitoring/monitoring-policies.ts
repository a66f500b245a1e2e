// NetworkPolicies, quota and container defaults of the `monitoring` namespace. With default deny in both
// directions, every connection needs an egress allow on the client and an ingress allow on the server.

import type { NetworkPolicyV1Spec } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import type { ContainerDefaults } from "../addons/platform-namespace";

const app = (name: string) => ({ podSelector: { matchLabels: { "app.kubernetes.io/name": name } } });
const tcp = (...ports: number[]) => ports.map((p) => ({ protocol: "TCP", port: String(p) }));

export function monitoringNetworkPolicies(vpcCidr: string): Record<string, NetworkPolicyV1Spec> {
  return {
    // Prometheus scrapes every pod in every namespace and every node (kubelet, node-exporter on the host network).
    "prometheus-egress": { ...app("prometheus"), policyTypes: ["Egress"], egress: [{}] },
    "prometheus-scrape": { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [app("prometheus")] }] },
    "alertmanager-from-prometheus": {
      ...app("alertmanager"),
      policyTypes: ["Ingress"],
      ingress: [{ from: [app("prometheus"), app("grafana")], ports: tcp(9093) }],
    },
    // Alertmanager replicas gossip on 9094 (TCP and UDP) to share silences and de-duplicate notifications; without
    // it each replica of a highly available Alertmanager would notify on its own.
    "alertmanager-mesh": {
      ...app("alertmanager"),
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: [app("alertmanager")], ports: [...tcp(9094), { protocol: "UDP", port: "9094" }] }],
      egress: [{ to: [app("alertmanager")], ports: [...tcp(9094), { protocol: "UDP", port: "9094" }] }],
    },
    // Loki ingestion: Fluent Bit pushes to Loki's HTTP port.
    "fluent-bit-to-loki": {
      ...app("fluent-bit"),
      policyTypes: ["Egress"],
      egress: [{ to: [app("loki")], ports: tcp(3100) }],
    },
    "loki-ingestion": {
      ...app("loki"),
      policyTypes: ["Ingress"],
      ingress: [{ from: [app("fluent-bit"), app("grafana")], ports: tcp(3100) }],
    },
    // Loki's own traffic: the write path replicates to ingesters and the read path queries them and the backend
    // (gRPC 9095), queriers and the compactor talk HTTP (3100), and every component joins the memberlist ring
    // (7946). Single-binary joins its own ring through the memberlist Service, so it needs the same. S3 (443) and
    // the Pod Identity agent are allowed to every pod of the namespace already.
    "loki-cluster": {
      ...app("loki"),
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: [app("loki")], ports: tcp(3100, 9095, 7946) }],
      egress: [{ to: [app("loki")], ports: tcp(3100, 9095, 7946) }],
    },
    "grafana-queries": {
      ...app("grafana"),
      policyTypes: ["Egress"],
      egress: [{ to: [app("prometheus"), app("loki"), app("alertmanager")], ports: tcp(9090, 3100, 9093) }],
    },
    "prometheus-from-grafana": { ...app("prometheus"), policyTypes: ["Ingress"], ingress: [{ from: [app("grafana")], ports: tcp(9090) }] },
    // The Kubernetes API (operators, sidecars, Fluent Bit's metadata filter), AWS APIs (CloudWatch exporter) and
    // the receivers (Slack, PagerDuty) are all HTTPS.
    "https-egress": {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: tcp(443) }],
    },
    // The API server calls the operator's admission webhook from the control plane's interfaces in the VPC.
    "operator-webhook": {
      podSelector: { matchLabels: { app: "kube-prometheus-stack-operator" } },
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ ipBlock: { cidr: vpcCidr } }], ports: tcp(10250) }],
    },
  };
}

/**
 * Room for the stack at production size (Prometheus alone requests 2 GiB and may use 8).
 *
 * Volume claims at prod's settings: Prometheus 1 + Alertmanager 3 (one per replica) + Grafana 1 + Loki
 * simple-scalable write 3 + backend 2 (one WAL or working volume per pod; read keeps none) = 10, the old quota
 * exactly. 16 leaves 6: a fourth ingester and a third backend (+2), and the write volumes the chart keeps when a
 * StatefulSet scales down (enableStatefulSetAutoDeletePVC false), which still count until someone deletes them.
 * A dev environment (single-binary Loki, one Alertmanager) claims 4.
 */
export const MONITORING_QUOTA = {
  "requests.cpu": "8",
  "requests.memory": "32Gi",
  "limits.memory": "64Gi",
  pods: "100",
  persistentvolumeclaims: "16",
};

export const MONITORING_CONTAINER_DEFAULTS: ContainerDefaults = {
  requestCpu: "100m",
  requestMemory: "128Mi",
  limitCpu: "500m",
  limitMemory: "512Mi",
};
