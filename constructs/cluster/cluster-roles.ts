import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { awsContext } from "../core/aws-context";
import { policyDocument, serviceTrustPolicy } from "../iam/policy-document";
import type { EncryptionKey } from "../keys/encryption-key";

export interface ClusterRolesProps {
  readonly clusterName: string;
  /** Key the control plane envelope-encrypts Kubernetes secrets with. */
  readonly secretsKey: EncryptionKey;
}

/**
 * The two roles AWS services assume for the cluster: the control plane's (EKS) and the nodes' (EC2).
 * The node role carries only what the kubelet needs (join the cluster, pull images); the CNI's ENI permissions
 * are on the vpc-cni add-on's own role, and workloads get theirs through Pod Identity.
 */
export class ClusterRoles extends Construct {
  readonly clusterRole: IamRole;
  readonly nodeRole: IamRole;
  readonly clusterPolicies: readonly (IamRolePolicy | IamRolePolicyAttachment)[];
  readonly nodePolicies: readonly IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: ClusterRolesProps) {
    super(scope, id);
    const { accountId, partition, region } = awsContext(this);
    const managed = (role: IamRole, key: string, name: string) =>
      new IamRolePolicyAttachment(this, `${key}-${name}`, {
        role: role.name,
        policyArn: `arn:${partition}:iam::aws:policy/${name}`,
      });

    this.clusterRole = new IamRole(this, "cluster", {
      name: `${props.clusterName}-eks-cluster`,
      description: `EKS control plane of ${props.clusterName}`,
      // Scoped to this account's cluster of this name (confused-deputy protection).
      assumeRolePolicy: serviceTrustPolicy("eks.amazonaws.com", accountId, {
        ArnLike: { "aws:SourceArn": `arn:${partition}:eks:${region}:${accountId}:cluster/${props.clusterName}` },
      }),
    });
    this.clusterPolicies = [
      managed(this.clusterRole, "cluster", "AmazonEKSClusterPolicy"),
      new IamRolePolicy(this, "cluster-secrets-encryption", {
        role: this.clusterRole.id,
        name: "envelope-encrypt-secrets",
        policy: policyDocument([
          {
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
            Resource: props.secretsKey.arn,
          },
        ]),
      }),
    ];

    this.nodeRole = new IamRole(this, "node", {
      name: `${props.clusterName}-eks-node`,
      description: `EKS managed nodes of ${props.clusterName}`,
      assumeRolePolicy: policyDocument([
        { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]),
    });
    this.nodePolicies = [
      managed(this.nodeRole, "node", "AmazonEKSWorkerNodePolicy"),
      // Pull-only: the read-only policy also allows listing and describing every repository.
      managed(this.nodeRole, "node", "AmazonEC2ContainerRegistryPullOnly"),
    ];
  }
}
