import { IamServiceLinkedRole } from "@cdktf/provider-aws/lib/iam-service-linked-role";
import { Construct } from "constructs";
import { awsContext } from "../core/aws-context";
import { serviceLinkedRoleArn } from "../core/prerequisites";

/**
 * - `create`: the role does not exist yet in the account (a fresh account); creating one that exists fails.
 * - `adopt`: the role exists already; an import block brings it under this stack instead of creating it.
 */
export type ServiceLinkedRoleMode = "create" | "adopt";

export interface ServiceLinkedRoleSpec {
  /** Service principal, e.g. `autoscaling.amazonaws.com`. */
  readonly service: string;
  /** The name AWS gives the role, e.g. `AWSServiceRoleForAutoScaling` (used to import it). */
  readonly roleName: string;
  readonly mode: ServiceLinkedRoleMode;
}

export interface ServiceLinkedRolesProps {
  /** Keyed by service principal, so adding a role never touches the others. */
  readonly roles: Readonly<Record<string, ServiceLinkedRoleSpec>>;
}

/**
 * Account-wide service-linked roles that the platform names as principals (KMS grants) before the service would
 * create them itself. IAM is global: create them in one stack per account. They refuse `terraform destroy`
 * (AWS also refuses to delete a role that a service still uses).
 */
export class ServiceLinkedRoles extends Construct {
  readonly byService: Readonly<Record<string, IamServiceLinkedRole>>;

  constructor(scope: Construct, id: string, props: ServiceLinkedRolesProps) {
    super(scope, id);
    const { partition, accountId } = awsContext(this);
    const byService: Record<string, IamServiceLinkedRole> = {};
    for (const [service, spec] of Object.entries(props.roles).sort(([a], [b]) => a.localeCompare(b))) {
      const role = new IamServiceLinkedRole(this, service, {
        awsServiceName: service,
        description: `Created ahead by the bootstrap stack: the platform names it before ${service} would create it`,
        lifecycle: { preventDestroy: true },
      });
      // Import ids are evaluated at plan time; the caller identity data source is known then.
      if (spec.mode === "adopt") role.importFrom(serviceLinkedRoleArn(partition, accountId, service, spec.roleName));
      byService[service] = role;
    }
    this.byService = byService;
  }
}
