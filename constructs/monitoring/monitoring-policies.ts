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

/** Room for the stack at production size (Prometheus alone requests 2 GiB and may use 8). */
export const MONITORING_QUOTA = {
  "requests.cpu": "8",
  "requests.memory": "32Gi",
  "limits.memory": "64Gi",
  pods: "100",
  persistentvolumeclaims: "10",
};

export const MONITORING_CONTAINER_DEFAULTS: ContainerDefaults = {
  requestCpu: "100m",
  requestMemory: "128Mi",
  limitCpu: "500m",
  limitMemory: "512Mi",
};
