import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { Construct } from "constructs";
import { EKS_ADDON_NAMES, type EksAddonName } from "../../common/versions-cluster";
import type { PolicyStatement } from "../iam/policy-document";
import type { EncryptionKey } from "../keys/encryption-key";
import { PodIdentityRole, type ClusterIdentity } from "./pod-identity-role";

export interface EksManagedAddonsProps {
  readonly cluster: ClusterIdentity;
  /** Plain-text prefix of role names (the cluster's name), e.g. `aec-platform-prod` gives `aec-platform-prod-vpc-cni`. */
  readonly roleNamePrefix: string;
  /** Add-on builds by name, from the version catalog entry of the cluster's Kubernetes minor. */
  readonly versions: Readonly<Record<EksAddonName, string>>;
  /** Key the EBS CSI driver encrypts persistent volumes with. */
  readonly volumeKey: EncryptionKey;
}

interface AddonSpec {
  /** DaemonSets that nodes need to become Ready are created before the node groups; the rest after. */
  readonly beforeNodes: boolean;
  readonly serviceAccount?: string;
  readonly managedPolicies?: readonly string[];
  readonly statements?: (props: EksManagedAddonsProps) => PolicyStatement[];
  readonly configuration?: Record<string, unknown>;
}

const ADDONS: Record<EksAddonName, AddonSpec> = {
  // Pod Identity credentials for every other add-on and controller; a hostNetwork DaemonSet, so it runs first.
  "eks-pod-identity-agent": { beforeNodes: true },
  // The CNI policy lives on this role, not on the node role: only aws-node manages ENIs, not every pod on the node.
  // enableNetworkPolicy: the CNI's network policy agent enforces the namespaces' NetworkPolicies (no Calico needed).
  "vpc-cni": {
    beforeNodes: true,
    serviceAccount: "aws-node",
    managedPolicies: ["AmazonEKS_CNI_Policy"],
    configuration: { enableNetworkPolicy: "true" },
  },
  // aws-node reaches the API server through the `kubernetes` Service, whose rules kube-proxy writes.
  "kube-proxy": { beforeNodes: true },
  // A Deployment: it needs nodes to become ACTIVE.
  coredns: { beforeNodes: false },
  "aws-ebs-csi-driver": {
    beforeNodes: false,
    serviceAccount: "ebs-csi-controller-sa",
    // AWS-managed and scoped by tags to volumes the driver created; customer-key use is granted below.
    managedPolicies: ["service-role/AmazonEBSCSIDriverPolicy"],
    statements: ({ volumeKey }) => [
      {
        Sid: "CreateGrantsForAttachedVolumes",
        Effect: "Allow",
        Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
        Resource: volumeKey.arn,
        Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
      },
      {
        Sid: "EncryptVolumes",
        Effect: "Allow",
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        Resource: volumeKey.arn,
      },
    ],
  },
};

/**
 * The EKS managed add-ons with pinned builds. Those that call AWS get a role of their own through the add-on's
 * Pod Identity association. Conflicts resolve with OVERWRITE: the add-on's configuration is what Terraform says,
 * and a hand edit to an add-on's objects is undone at the next apply instead of blocking it.
 */
export class EksManagedAddons extends Construct {
  readonly addons: Readonly<Record<EksAddonName, EksAddon>>;
  readonly roles: Readonly<Partial<Record<EksAddonName, PodIdentityRole>>>;

  constructor(scope: Construct, id: string, props: EksManagedAddonsProps) {
    super(scope, id);
    const addons = {} as Record<EksAddonName, EksAddon>;
    const roles: Partial<Record<EksAddonName, PodIdentityRole>> = {};
    for (const name of EKS_ADDON_NAMES) {
      const spec = ADDONS[name];
      const role = spec.serviceAccount
        ? new PodIdentityRole(this, `${name}-role`, {
            cluster: props.cluster,
            roleName: `${props.roleNamePrefix}-${name}`,
            description: `EKS add-on ${name} (${spec.serviceAccount}) in cluster ${props.roleNamePrefix}`,
            managedPolicies: spec.managedPolicies,
            statements: spec.statements?.(props),
          })
        : undefined;
      if (role) roles[name] = role;
      addons[name] = new EksAddon(this, name, {
        clusterName: props.cluster.clusterName,
        addonName: name,
        addonVersion: props.versions[name],
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        configurationValues: spec.configuration ? JSON.stringify(spec.configuration) : undefined,
        podIdentityAssociation:
          role && spec.serviceAccount ? [{ roleArn: role.role.arn, serviceAccount: spec.serviceAccount }] : undefined,
      });
    }
    this.addons = addons;
    this.roles = roles;
  }

  /** Add-ons that must exist before nodes join (the node groups depend on these). */
  get beforeNodes(): EksAddon[] {
    return EKS_ADDON_NAMES.filter((n) => ADDONS[n].beforeNodes).map((n) => this.addons[n]);
  }

  /** Add-ons that need running nodes to become ACTIVE (these depend on the node groups). */
  get afterNodes(): EksAddon[] {
    return EKS_ADDON_NAMES.filter((n) => !ADDONS[n].beforeNodes).map((n) => this.addons[n]);
  }
}
