import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import type { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Annotations, dependable } from "cdktf";
import { Construct } from "constructs";
import { checkEndpoint, type EndpointAccess, type NodeGroupSettings } from "../../common/cluster";
import { throwIfProblems } from "../../common/problems";
import { DEFAULT_KUBERNETES_VERSION, KUBERNETES_RELEASES, checkKubernetesVersion } from "../../common/versions-cluster";
import { ServiceLogGroup } from "../connections/service-log-group";
import { awsContext } from "../core/aws-context";
import type { EncryptionKey } from "../keys/encryption-key";
import type { Network } from "../network/network";
import { estimateAddresses } from "./address-capacity";
import { ClusterKeys } from "./cluster-keys";
import { ClusterRoles } from "./cluster-roles";
import { ControlPlaneSecurityGroup } from "./control-plane-security-group";
import { EksManagedAddons } from "./managed-addons";
import { ManagedNodeGroup } from "./node-group";
import type { ClusterIdentity } from "./pod-identity-role";

export interface KubernetesClusterProps {
  /** Cluster name; subnets are tagged for it through the network's `clusterNames`. */
  readonly name: string;
  readonly network: Network;
  /** Key of the control-plane log group (CloudWatch Logs may use it for that group only). */
  readonly logsKey: EncryptionKey;
  /** Managed node groups by name. */
  readonly nodeGroups: Readonly<Record<string, NodeGroupSettings>>;
  /** A Kubernetes minor from common/versions-cluster.ts. @default DEFAULT_KUBERNETES_VERSION */
  readonly kubernetesVersion?: string;
  /** @default { mode: "private" } */
  readonly endpoint?: EndpointAccess;
  /** IAM roles made cluster admins through access entries. @default [] */
  readonly adminRoleArns?: readonly string[];
  /** Retention of the control-plane log group, in days (a CloudWatch Logs value). @default 90 */
  readonly logRetentionDays?: number;
  /** CIDRs that may call the private endpoint on 443 (in-VPC tooling, VPN). @default [network.cidr] */
  readonly apiAccessCidrs?: readonly string[];
  /** Security groups every node carries besides the cluster's own, e.g. the data tier's client group. @default [] */
  readonly nodeSecurityGroups?: readonly SecurityGroup[];
  /** Refuse `terraform destroy` of the cluster. @default true */
  readonly deletionProtection?: boolean;
  /** Also create an IAM OIDC provider, for workloads whose AWS SDK predates Pod Identity (IRSA). @default false */
  readonly irsa?: boolean;
}

const DEFAULTS = {
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
  endpoint: { mode: "private" } as EndpointAccess,
  adminRoleArns: [] as readonly string[],
  logRetentionDays: 90,
  nodeSecurityGroups: [] as readonly SecurityGroup[],
  deletionProtection: true,
  irsa: false,
};

export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

/**
 * An EKS cluster with its node groups and managed add-ons: private endpoint (public only from an allow-list),
 * Kubernetes secrets envelope-encrypted under a key of their own, every control-plane log type in an encrypted
 * group with finite retention, access entries only (no aws-auth ConfigMap), and Pod Identity for workloads.
 */
export class KubernetesCluster extends Construct implements ClusterIdentity {
  readonly cluster: EksCluster;
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly keys: ClusterKeys;
  readonly roles: ClusterRoles;
  readonly controlPlaneSecurityGroup: ControlPlaneSecurityGroup;
  readonly logGroup: ServiceLogGroup;
  readonly addons: EksManagedAddons;
  readonly nodeGroups: Readonly<Record<string, ManagedNodeGroup>>;
  readonly oidcProvider?: IamOpenidConnectProvider;

  constructor(scope: Construct, id: string, props: KubernetesClusterProps) {
    super(scope, id);
    const version = props.kubernetesVersion ?? DEFAULTS.kubernetesVersion;
    const endpoint = props.endpoint ?? DEFAULTS.endpoint;
    const adminRoleArns = props.adminRoleArns ?? DEFAULTS.adminRoleArns;
    throwIfProblems(`KubernetesCluster props at ${this.node.path}`, [
      ...checkKubernetesVersion("kubernetesVersion", version),
      ...checkEndpoint("endpoint", endpoint),
    ]);

    this.warnIfAddressesRunShort(props);

    this.keys = new ClusterKeys(this, "keys", { clusterName: props.name });
    this.roles = new ClusterRoles(this, "roles", { clusterName: props.name, secretsKey: this.keys.secrets });
    this.controlPlaneSecurityGroup = new ControlPlaneSecurityGroup(this, "control-plane-security-group", {
      name: `${props.name}-control-plane`,
      network: props.network,
      // Once each: a repeat (the VPC listed again, say) would be a second construct and a duplicate AWS rule.
      apiAccessCidrs: [...new Set(props.apiAccessCidrs ?? [props.network.cidr])],
    });
    // Created before the cluster: a group EKS creates itself never expires and is not under a customer key.
    this.logGroup = new ServiceLogGroup(this, "control-plane-logs", {
      name: controlPlaneLogGroupName(props.name),
      retentionDays: props.logRetentionDays ?? DEFAULTS.logRetentionDays,
      key: props.logsKey,
    });

    const isPublic = endpoint.mode === "privateAndPublic";
    this.cluster = new EksCluster(this, "cluster", {
      name: props.name,
      version,
      roleArn: this.roles.clusterRole.arn,
      vpcConfig: {
        subnetIds: props.network.subnetIds("private"),
        securityGroupIds: [this.controlPlaneSecurityGroup.securityGroup.id],
        endpointPrivateAccess: true,
        endpointPublicAccess: isPublic,
        publicAccessCidrs: isPublic ? [...endpoint.publicCidrs] : undefined,
      },
      // Only the `secrets` resource can be envelope-encrypted, and once on it cannot be turned off.
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: this.keys.secrets.arn } },
      enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
      // API only: access is granted by access entries in Terraform, never by editing the aws-auth ConfigMap. The
      // principal that creates the cluster becomes an admin, so the add-ons stack can be deployed by the same role.
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
      // The kit installs vpc-cni, kube-proxy and CoreDNS as managed add-ons with pinned builds instead.
      bootstrapSelfManagedAddons: false,
      // At the end of standard support EKS upgrades the cluster rather than billing extended support; the
      // catalog's dates say when to upgrade first.
      upgradePolicy: { supportType: "STANDARD" },
      deletionProtection: props.deletionProtection ?? DEFAULTS.deletionProtection,
      tags: { Name: props.name },
      dependsOn: [this.logGroup.logGroup, ...this.roles.clusterPolicies],
    });
    this.clusterName = this.cluster.name;
    this.clusterArn = this.cluster.arn;

    adminRoleArns.forEach((principalArn) => {
      const key = principalArn.replace(/^.*:role\//, "").replace(/[^A-Za-z0-9-]/g, "-");
      const entry = new EksAccessEntry(this, `admin-${key}`, { clusterName: this.cluster.name, principalArn, type: "STANDARD" });
      new EksAccessPolicyAssociation(this, `admin-${key}-policy`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: `arn:${awsContext(this).partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
        accessScope: { type: "cluster" },
      });
    });

    this.addons = new EksManagedAddons(this, "addons", {
      cluster: this,
      roleNamePrefix: props.name,
      versions: KUBERNETES_RELEASES[version].addons,
      volumeKey: this.keys.volumes,
    });
    const securityGroupIds = [
      this.cluster.vpcConfig.clusterSecurityGroupId,
      ...(props.nodeSecurityGroups ?? DEFAULTS.nodeSecurityGroups).map((g) => g.id),
    ];
    this.nodeGroups = Object.fromEntries(
      Object.entries(props.nodeGroups).map(([name, settings]) => [
        name,
        new ManagedNodeGroup(this, `node-group-${name}`, {
          cluster: this.cluster,
          clusterName: props.name,
          name,
          settings,
          subnetIds: props.network.subnetIds("private"),
          nodeRole: this.roles.nodeRole,
          securityGroupIds,
          volumeKey: this.keys.volumes,
          dependsOn: [...this.addons.beforeNodes, this.keys.autoScalingGrant, ...this.roles.nodePolicies],
        }),
      ]),
    );
    const groups = Object.values(this.nodeGroups).map((g) => dependable(g.nodeGroup));
    for (const addon of this.addons.afterNodes) addon.dependsOn = [...(addon.dependsOn ?? []), ...groups];

    if (props.irsa ?? DEFAULTS.irsa) {
      // No thumbprint: the AWS provider (v6) reads the issuer's certificate chain itself.
      this.oidcProvider = new IamOpenidConnectProvider(this, "oidc-provider", {
        url: this.cluster.identity.get(0).oidc.get(0).issuer,
        clientIdList: ["sts.amazonaws.com"],
        tags: { Name: `${props.name}-irsa` },
      });
    }
  }

  /**
   * EC2 refuses addresses once a subnet is full: nodes then start without pod addresses and EKS upgrades lose the
   * free addresses they need. A warning, not an error: the maxima are reached only under full scale-out.
   */
  private warnIfAddressesRunShort(props: KubernetesClusterProps): void {
    const network = props.network;
    const estimate = estimateAddresses({
      nodeGroups: props.nodeGroups,
      subnetCidrs: Object.values(network.subnetCidrs.private),
      otherAddresses: Object.keys(network.endpoints.interfaces).length * network.availabilityZones.length,
    });
    if (estimate.nodes !== undefined && estimate.nodes > estimate.available) {
      Annotations.of(this).addWarning(
        `nodeGroups: at maxSize the nodes hold about ${estimate.nodes} private addresses (the VPC CNI keeps a full spare ` +
          `network interface of addresses on every node), more than the ${estimate.available} the private subnets have ` +
          `left after interface endpoints. Fix: larger private subnets, a lower maxSize, or WARM_IP_TARGET/` +
          `MINIMUM_IP_TARGET in the vpc-cni add-on's configuration.`,
      );
    }
  }
}

/** The fixed name EKS writes control-plane logs to. */
export function controlPlaneLogGroupName(clusterName: string): string {
  return `/aws/eks/${clusterName}/cluster`;
}
