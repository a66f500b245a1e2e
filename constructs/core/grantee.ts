import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";

/**
 * What receives a grant: the construct that acts (a function, a workload), not a bare role id. Every resource
 * construct's `grant*(grantee, ...)` attaches its policy to `grantRole` and hands the policy to `granted`, so the
 * grantee's own resources wait for the permission they need (a function is not created before it may read).
 */
export interface Grantee {
  /** The IAM role the grant's policy attaches to, or whose ARN a resource policy names. */
  readonly grantRole: IamRole;
  /** Called once with each policy granted to `grantRole`; orders the grantee's resources after it. */
  granted(policy: IamRolePolicy): void;
}

/** A role with nothing to order after its grants (EKS nodes, a role of the caller's own). */
export function roleGrantee(role: IamRole): Grantee {
  return { grantRole: role, granted: () => undefined };
}
