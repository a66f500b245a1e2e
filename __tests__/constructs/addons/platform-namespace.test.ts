import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import { Testing } from "cdktf";
import { PlatformNamespace } from "../../../constructs/addons/platform-namespace";
import { countOf, emptyStack, resourcesOf, synthJson } from "../../helpers";

describe("PlatformNamespace", () => {
  const { stack } = emptyStack();
  new PlatformNamespace(stack, "ns", {
    name: "apps",
    enforce: "restricted",
    allow: { "from-prometheus": { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: {} }] }] } },
    quota: { pods: "10" },
    containerDefaults: { requestCpu: "100m", requestMemory: "128Mi", limitCpu: "1", limitMemory: "1Gi" },
  });
  const synth = Testing.synth(stack);

  it("labels the namespace with Pod Security Standards levels", () => {
    expect(synth).toHaveResourceWithProperties(NamespaceV1, {
      metadata: {
        name: "apps",
        labels: {
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": "latest",
          "pod-security.kubernetes.io/warn": "restricted",
          "pod-security.kubernetes.io/audit": "restricted",
        },
      },
    });
  });

  it("denies all traffic by default, allows DNS to CoreDNS, and adds the named allows", () => {
    expect(synth).toHaveResourceWithProperties(NetworkPolicyV1, {
      metadata: { name: "default-deny", namespace: expect.stringContaining("namespace") },
      spec: { pod_selector: {}, policy_types: ["Ingress", "Egress"] },
    });
    const dns = Object.values(resourcesOf(synthJson(stack), "kubernetes_network_policy_v1")).find(
      (p) => (p.metadata as { name: string }).name === "allow-dns",
    )!;
    expect(dns.spec).toEqual({
      pod_selector: {},
      policy_types: ["Egress"],
      egress: [
        {
          to: [
            {
              namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "kube-system" } },
              pod_selector: { match_labels: { "k8s-app": "kube-dns" } },
            },
          ],
          ports: [
            { protocol: "UDP", port: "53" },
            { protocol: "TCP", port: "53" },
          ],
        },
      ],
    });
    expect(synth).toHaveResourceWithProperties(NetworkPolicyV1, { metadata: { name: "from-prometheus", namespace: expect.anything() } });
  });

  it("lets every pod reach the EKS Pod Identity agent, where Pod Identity credentials come from", () => {
    const agent = Object.values(resourcesOf(synthJson(stack), "kubernetes_network_policy_v1")).find(
      (p) => (p.metadata as { name: string }).name === "allow-pod-identity-agent",
    );
    expect(agent?.spec).toEqual({
      pod_selector: {},
      policy_types: ["Egress"],
      egress: [{ to: [{ ip_block: { cidr: "169.254.170.23/32" } }], ports: [{ protocol: "TCP", port: "80" }] }],
    });
  });

  it("sets a quota and the container defaults it needs", () => {
    expect(synth).toHaveResourceWithProperties(ResourceQuotaV1, { spec: { hard: { pods: "10" } } });
    expect(synth).toHaveResourceWithProperties(LimitRangeV1, {
      spec: { limit: [{ type: "Container", default_request: { cpu: "100m", memory: "128Mi" }, default: { cpu: "1", memory: "1Gi" } }] },
    });
  });

  it("can leave traffic open and skip quotas", () => {
    const { stack: open } = emptyStack();
    new PlatformNamespace(open, "ns", { name: "open", enforce: "baseline", warn: "restricted", defaultDeny: false });
    const json = synthJson(open);
    expect(countOf(json, "kubernetes_network_policy_v1")).toBe(0);
    expect(countOf(json, "kubernetes_resource_quota_v1")).toBe(0);
    expect(countOf(json, "kubernetes_limit_range_v1")).toBe(0);
  });
});
