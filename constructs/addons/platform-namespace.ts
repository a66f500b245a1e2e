import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { NetworkPolicyV1, type NetworkPolicyV1Spec } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import { Construct } from "constructs";

/** Pod Security Standards level (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */
export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

export interface ContainerDefaults {
  readonly requestCpu: string;
  readonly requestMemory: string;
  readonly limitCpu: string;
  readonly limitMemory: string;
}

export interface PlatformNamespaceProps {
  readonly name: string;
  /** Level the API server enforces: pods that break it are rejected. */
  readonly enforce: PodSecurityLevel;
  /** Level reported as warnings and audit events, to see what a stricter `enforce` would reject. @default "restricted" */
  readonly warn?: PodSecurityLevel;
  /**
   * Deny all ingress and egress of every pod unless a policy allows it; DNS egress, and egress to the EKS Pod
   * Identity agent, are always allowed. @default true
   */
  readonly defaultDeny?: boolean;
  /** Allow policies by name (`<namespace>-<name>` in the cluster). @default {} */
  readonly allow?: Readonly<Record<string, NetworkPolicyV1Spec>>;
  /** ResourceQuota `hard` limits, e.g. { "requests.cpu": "8" }. @default none */
  readonly quota?: Readonly<Record<string, string>>;
  /** Requests and limits of containers that set none (required once a quota counts them). @default none */
  readonly containerDefaults?: ContainerDefaults;
}

const DEFAULTS = { warn: "restricted" as PodSecurityLevel, defaultDeny: true, allow: {} };

/** Selects CoreDNS in kube-system: the one egress every pod needs. */
export const DNS_EGRESS: NetworkPolicyV1Spec = {
  podSelector: {},
  policyTypes: ["Egress"],
  egress: [
    {
      to: [
        {
          namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
          podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
        },
      ],
      ports: [
        { protocol: "UDP", port: "53" },
        { protocol: "TCP", port: "53" },
      ],
    },
  ],
};

/**
 * The EKS Pod Identity agent: pods with a Pod Identity association get their AWS credentials from it, over HTTP on
 * a link-local address of the node (EKS User Guide, "EKS Pod Identity"). The VPC CNI enforces network policies on
 * link-local addresses too, so a default-deny namespace without this allow gets no credentials.
 */
export const POD_IDENTITY_AGENT_EGRESS: NetworkPolicyV1Spec = {
  podSelector: {},
  policyTypes: ["Egress"],
  egress: [{ to: [{ ipBlock: { cidr: "169.254.170.23/32" } }], ports: [{ protocol: "TCP", port: "80" }] }],
};

/**
 * A namespace with its guard rails: Pod Security Standards labels, a default-deny NetworkPolicy plus named
 * allows, and optionally a ResourceQuota with the LimitRange that gives containers the requests it counts.
 */
export class PlatformNamespace extends Construct {
  readonly namespace: NamespaceV1;
  readonly name: string;
  readonly policies: Readonly<Record<string, NetworkPolicyV1>>;

  constructor(scope: Construct, id: string, props: PlatformNamespaceProps) {
    super(scope, id);
    const warn = props.warn ?? DEFAULTS.warn;
    this.name = props.name;
    this.namespace = new NamespaceV1(this, "namespace", {
      metadata: {
        name: props.name,
        labels: {
          "pod-security.kubernetes.io/enforce": props.enforce,
          "pod-security.kubernetes.io/enforce-version": "latest",
          "pod-security.kubernetes.io/warn": warn,
          "pod-security.kubernetes.io/audit": warn,
        },
      },
    });
    const metadata = (name: string) => ({ name, namespace: this.namespace.metadata.name });
    const specs: Record<string, NetworkPolicyV1Spec> = {};
    if (props.defaultDeny ?? DEFAULTS.defaultDeny) {
      specs["default-deny"] = { podSelector: {}, policyTypes: ["Ingress", "Egress"] };
      specs["allow-dns"] = DNS_EGRESS;
      specs["allow-pod-identity-agent"] = POD_IDENTITY_AGENT_EGRESS;
    }
    Object.assign(specs, props.allow ?? DEFAULTS.allow);
    this.policies = Object.fromEntries(
      Object.entries(specs).map(([name, spec]) => [
        name,
        new NetworkPolicyV1(this, `policy-${name}`, { metadata: metadata(name), spec }),
      ]),
    );
    if (props.quota) {
      new ResourceQuotaV1(this, "quota", { metadata: metadata("quota"), spec: { hard: { ...props.quota } } });
    }
    const d = props.containerDefaults;
    if (d) {
      new LimitRangeV1(this, "limits", {
        metadata: metadata("container-defaults"),
        spec: {
          limit: [
            {
              type: "Container",
              defaultRequest: { cpu: d.requestCpu, memory: d.requestMemory },
              default: { cpu: d.limitCpu, memory: d.limitMemory },
            },
          ],
        },
      });
    }
  }
}
