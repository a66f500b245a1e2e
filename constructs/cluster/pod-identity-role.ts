import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { throwIfProblems } from "../../common/problems";
import { awsContext } from "../core/aws-context";
import { policyDocument, type PolicyStatement } from "../iam/policy-document";
import type { Grantee } from "../core/grantee";

/** What a workload role needs to know about its cluster: both stacks can give it (the resource, or a data source). */
export interface ClusterIdentity {
  readonly clusterName: string;
  readonly clusterArn: string;
}

export interface PodIdentityRoleProps {
  readonly cluster: ClusterIdentity;
  /** Role name, e.g. `aec-platform-prod-vpc-cni`: at most 64 characters. */
  readonly roleName: string;
  readonly description: string;
  /** AWS-managed policies by path and name (`AmazonEKS_CNI_Policy`, `service-role/AmazonEBSCSIDriverPolicy`). @default [] */
  readonly managedPolicies?: readonly string[];
  /** Inline least-privilege statements. @default [] */
  readonly statements?: readonly PolicyStatement[];
}

const DEFAULTS = { managedPolicies: [] as readonly string[], statements: [] as readonly PolicyStatement[] };

/**
 * An IAM role that EKS Pod Identity hands to one service account of one cluster. The trust policy names the Pod
 * Identity service and this cluster only, through the session tag Pod Identity sets (`aws:RequestTag/eks-cluster-arn`,
 * the condition the EKS User Guide documents for these roles; `aws:SourceArn` is not documented to be the cluster's
 * and would deny every pod if it is not), so the role cannot serve another cluster; which namespace and service
 * account get it is decided by the association, which must keep session tags on (the default).
 */
export class PodIdentityRole extends Construct implements Grantee {
  readonly role: IamRole;

  /** Grants attach to the role; pods pick permissions up when they next fetch credentials, so nothing waits. */
  get grantRole(): IamRole {
    return this.role;
  }

  granted(): void {}

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    const { accountId, partition } = awsContext(this);
    const managedPolicies = props.managedPolicies ?? DEFAULTS.managedPolicies;
    const statements = props.statements ?? DEFAULTS.statements;
    if (props.roleName.length > 64) {
      throwIfProblems(`PodIdentityRole props at ${this.node.path}`, [
        {
          field: "roleName",
          value: props.roleName,
          expected: "an IAM role name of at most 64 characters",
          fix: "shorten the project or environment name that prefixes it",
        },
      ]);
    }
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: policyDocument([
        {
          Sid: "EksPodIdentity",
          Effect: "Allow",
          Principal: { Service: "pods.eks.amazonaws.com" },
          // TagSession: Pod Identity tags the session with the cluster, namespace and service account.
          Action: ["sts:AssumeRole", "sts:TagSession"],
          Condition: {
            StringEquals: { "aws:SourceAccount": accountId, "aws:RequestTag/eks-cluster-arn": props.cluster.clusterArn },
          },
        },
      ]),
    });
    for (const name of managedPolicies) {
      new IamRolePolicyAttachment(this, `managed-${name.replace(/\//g, "-")}`, {
        role: this.role.name,
        policyArn: `arn:${partition}:iam::aws:policy/${name}`,
      });
    }
    if (statements.length > 0) {
      new IamRolePolicy(this, "policy", { role: this.role.id, name: "least-privilege", policy: policyDocument(statements) });
    }
  }
}
