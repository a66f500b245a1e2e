import type { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { architectureOf, checkNodeGroup, type NodeGroupSettings, type TaintEffect } from "../../common/cluster";
import { throwIfProblems } from "../../common/problems";
import type { EncryptionKey } from "../keys/encryption-key";

export interface ManagedNodeGroupProps {
  readonly cluster: EksCluster;
  /** Plain-text cluster name, for resource names and tags. */
  readonly clusterName: string;
  /** Node group name (the key in the cluster's node group map). */
  readonly name: string;
  readonly settings: NodeGroupSettings;
  /** Private subnet ids, one per AZ. */
  readonly subnetIds: readonly string[];
  readonly nodeRole: IamRole;
  /** Security groups of every node: the EKS cluster security group first. */
  readonly securityGroupIds: readonly string[];
  /** Key that encrypts the root volumes. */
  readonly volumeKey: EncryptionKey;
  /** What must exist before nodes launch (CNI add-ons, the key grant for Auto Scaling). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

const DEFAULTS = { dependsOn: [] as readonly ITerraformDependable[] };

const EKS_TAINT_EFFECT: Record<TaintEffect, string> = {
  NoSchedule: "NO_SCHEDULE",
  PreferNoSchedule: "PREFER_NO_SCHEDULE",
  NoExecute: "NO_EXECUTE",
};

/**
 * One EKS managed node group on Amazon Linux 2023, in private subnets, launched from a launch template that
 * hardens what the EKS default leaves open: IMDSv2 only, an encrypted gp3 root volume under a customer key, and no
 * public address whatever the subnet says.
 */
export class ManagedNodeGroup extends Construct {
  readonly launchTemplate: LaunchTemplate;
  readonly nodeGroup: EksNodeGroup;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    const s = props.settings;
    throwIfProblems(`ManagedNodeGroup props at ${this.node.path}`, checkNodeGroup("settings", props.name, s));
    const dependsOn = props.dependsOn ?? DEFAULTS.dependsOn;
    const name = `${props.clusterName}-${props.name}`;

    this.launchTemplate = new LaunchTemplate(this, "launch-template", {
      namePrefix: `${name}-`,
      description: `EKS managed node group ${props.name} of ${props.clusterName}`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        // One hop: the node itself reaches IMDS, containers behind the pod network do not. Pods that need AWS
        // credentials get them from EKS Pod Identity, never from the node's role.
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: "disabled",
      },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: {
            volumeSize: s.diskGiB,
            volumeType: "gp3",
            encrypted: "true",
            kmsKeyId: props.volumeKey.arn,
            deleteOnTermination: "true",
          },
        },
      ],
      // Security groups go on the interface (EC2 refuses them at both levels); EKS adds none of its own when a
      // launch template names them, so the cluster security group is in the list.
      networkInterfaces: [
        {
          deviceIndex: 0,
          associatePublicIpAddress: "false",
          deleteOnTermination: "true",
          securityGroups: [...props.securityGroupIds],
        },
      ],
      tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({
        resourceType,
        tags: { Name: name, "eks-nodegroup": props.name },
      })),
    });

    const taints = (s.taints ?? []).map((t) => ({ key: t.key, value: t.value, effect: EKS_TAINT_EFFECT[t.effect] }));
    this.nodeGroup = new EksNodeGroup(this, "node-group", {
      clusterName: props.cluster.name,
      // A prefix, so that a change EKS can only make by replacement (instance types, capacity) brings up the new
      // group before the old one drains.
      nodeGroupNamePrefix: `${props.name}-`,
      nodeRoleArn: props.nodeRole.arn,
      subnetIds: [...props.subnetIds],
      version: props.cluster.version,
      amiType: architectureOf(s.instanceTypes[0]) === "arm64" ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD",
      capacityType: s.capacity === "spot" ? "SPOT" : "ON_DEMAND",
      instanceTypes: [...s.instanceTypes],
      scalingConfig: { minSize: s.minSize, desiredSize: s.desiredSize, maxSize: s.maxSize },
      updateConfig: { maxUnavailablePercentage: 33 },
      nodeRepairConfig: { enabled: true },
      labels: { ...s.labels, nodegroup: props.name },
      taint: taints.length > 0 ? taints : undefined,
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      tags: { Name: name },
      dependsOn: [...dependsOn],
      lifecycle: {
        createBeforeDestroy: true,
        // The cluster autoscaler owns the desired size once the group exists.
        ignoreChanges: ["scaling_config[0].desired_size"],
      },
    });
  }
}
