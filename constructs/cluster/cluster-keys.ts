import { KmsGrant } from "@cdktf/provider-aws/lib/kms-grant";
import { Construct } from "constructs";
import { awsContext } from "../core/aws-context";
import { requireServiceLinkedRole, serviceLinkedRoleArn } from "../core/prerequisites";
import { EncryptionKey } from "../keys/encryption-key";

export interface ClusterKeysProps {
  readonly clusterName: string;
}

/** Alias of the key that encrypts a cluster's node and persistent volumes; the add-ons stack finds it by this name. */
export function volumeKeyAlias(clusterName: string): string {
  return `${clusterName}-eks-volumes`;
}

/**
 * The cluster's own keys: one for envelope encryption of Kubernetes secrets (used by the cluster role only), one
 * for EBS volumes (node root volumes and persistent volumes). Neither is a platform data-class key, so access
 * granted for the cluster never opens a database, bucket or Secrets Manager secret.
 */
export class ClusterKeys extends Construct {
  readonly secrets: EncryptionKey;
  readonly volumes: EncryptionKey;
  /** Lets EC2 Auto Scaling launch nodes with volumes under `volumes`; node groups depend on it. */
  readonly autoScalingGrant: KmsGrant;

  constructor(scope: Construct, id: string, props: ClusterKeysProps) {
    super(scope, id);
    this.secrets = new EncryptionKey(this, "secrets", {
      alias: `${props.clusterName}-eks-secrets`,
      description: `${props.clusterName}: envelope encryption of Kubernetes secrets`,
    });
    this.volumes = new EncryptionKey(this, "volumes", {
      alias: volumeKeyAlias(props.clusterName),
      description: `${props.clusterName}: EBS volumes of nodes and persistent volumes`,
    });
    const { partition, accountId } = awsContext(this);
    // Managed node groups launch through Auto Scaling, whose service-linked role is not covered by the account's
    // IAM delegation in the key policy. KMS refuses a grant to a role that does not exist, and that one exists only
    // after the account's first Auto Scaling group: the account's bootstrap stack creates it ahead.
    const autoScaling = requireServiceLinkedRole(this, "autoscaling.amazonaws.com", "AWSServiceRoleForAutoScaling");
    this.autoScalingGrant = new KmsGrant(this, "auto-scaling-grant", {
      name: `${props.clusterName}-node-volumes`,
      keyId: this.volumes.key.keyId,
      granteePrincipal: serviceLinkedRoleArn(partition, accountId, autoScaling.service, autoScaling.roleName),
      operations: [
        "Encrypt",
        "Decrypt",
        "ReEncryptFrom",
        "ReEncryptTo",
        "GenerateDataKey",
        "GenerateDataKeyWithoutPlaintext",
        "DescribeKey",
        "CreateGrant",
      ],
    });
  }
}
