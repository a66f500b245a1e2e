import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { Construct } from "constructs";
import type { PolicyStatement } from "../iam/policy-document";
import { PodIdentityRole, type ClusterIdentity } from "../cluster/pod-identity-role";

export interface ControllerIdentityProps {
  readonly cluster: ClusterIdentity;
  /** Role name, e.g. `aec-platform-prod-external-secrets`. */
  readonly roleName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly statements: readonly PolicyStatement[];
}

/** A controller's own IAM role, bound to exactly one service account of one cluster through Pod Identity. */
export class ControllerIdentity extends Construct {
  readonly role: PodIdentityRole;
  readonly association: EksPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: ControllerIdentityProps) {
    super(scope, id);
    this.role = new PodIdentityRole(this, "role", {
      cluster: props.cluster,
      roleName: props.roleName,
      description: `Pod Identity role of service account ${props.namespace}/${props.serviceAccount}`,
      statements: props.statements,
    });
    this.association = new EksPodIdentityAssociation(this, "association", {
      clusterName: props.cluster.clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      roleArn: this.role.role.arn,
    });
  }
}
