import { TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";

/**
 * AWS service-linked roles that a construct names as a principal (in a KMS grant or key policy) before any resource
 * of the stack would create them. KMS rejects a grant to a principal that does not exist, and such a role appears
 * only when the account first uses the service, so a fresh account needs it created ahead: the bootstrap stack of
 * the account does that for every role recorded here.
 */
export interface ServiceLinkedRoleNeed {
  /** Service principal, e.g. `autoscaling.amazonaws.com`. */
  readonly service: string;
  /** Role name AWS gives it, e.g. `AWSServiceRoleForAutoScaling`. */
  readonly roleName: string;
}

const needs = new WeakMap<TerraformStack, ServiceLinkedRoleNeed[]>();

export function requireServiceLinkedRole(scope: IConstruct, service: string, roleName: string): ServiceLinkedRoleNeed {
  const stack = TerraformStack.of(scope);
  const need = { service, roleName };
  const list = needs.get(stack) ?? [];
  list.push(need);
  needs.set(stack, list);
  return need;
}

/** What `stack` needs to exist before its first apply. */
export function serviceLinkedRolesNeeded(stack: TerraformStack): readonly ServiceLinkedRoleNeed[] {
  return needs.get(stack) ?? [];
}

/** ARN of a service-linked role: `arn:<partition>:iam::<account>:role/aws-service-role/<service>/<name>`. */
export function serviceLinkedRoleArn(partition: string, accountId: string, service: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/aws-service-role/${service}/${roleName}`;
}
