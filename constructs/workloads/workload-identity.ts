import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { dependable } from "cdktf";
import { Construct } from "constructs";
import { throwIfProblems } from "../../common/problems";
import { PodIdentityRole, type ClusterIdentity } from "../cluster/pod-identity-role";
import type { Grantee } from "../core/grantee";
import { checkName } from "./validate";

export interface WorkloadIdentityProps {
  readonly cluster: ClusterIdentity;
  /** IAM role name, e.g. `aec-platform-prod-processing-worker` (at most 64 characters). */
  readonly roleName: string;
  /** Namespace and service account of the workload (Workload's `namespace` and `serviceAccountName`). */
  readonly namespace: string;
  readonly serviceAccount: string;
}

/**
 * The AWS half of a workload: an IAM role that EKS Pod Identity hands to one service account of one cluster, and
 * the association. It is a `Grantee`, so resources grant to it as to a function (`documents.grantRead(identity)`,
 * `database.grantConnect(identity, "aec_worker")`): no hand-written IAM.
 *
 * It belongs in the stack that owns what it is granted (in the kit, the platform stack: buckets, database, cache,
 * broker and the cluster), while the Workload's Kubernetes objects live in the stack with the kubernetes provider.
 * A role made in the add-ons stack would need the platform stack's ARNs and the platform's grants would need the
 * role: a cross-stack cycle. The association needs only names, which the platform contract gives both stacks.
 */
export class WorkloadIdentity extends Construct implements Grantee {
  readonly role: PodIdentityRole;
  readonly association: EksPodIdentityAssociation;

  get grantRole(): IamRole {
    return this.role.role;
  }

  /** Pods pick permissions up when they next fetch credentials; the association still waits for every grant. */
  granted(policy: IamRolePolicy): void {
    this.association.dependsOn = [...(this.association.dependsOn ?? []), dependable(policy)];
  }

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    throwIfProblems(`WorkloadIdentity props at ${this.node.path}`, [
      ...checkName("namespace", props.namespace),
      ...checkName("serviceAccount", props.serviceAccount),
    ]);
    this.role = new PodIdentityRole(this, "role", {
      cluster: props.cluster,
      roleName: props.roleName,
      description: `Pod Identity role of workload ${props.namespace}/${props.serviceAccount}`,
    });
    this.association = new EksPodIdentityAssociation(this, "association", {
      clusterName: props.cluster.clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      roleArn: this.role.role.arn,
    });
  }
}
