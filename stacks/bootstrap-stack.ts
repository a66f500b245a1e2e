import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { BootstrapTarget } from "../config/bootstrap";
import { CiAccess, type CiAccessProps } from "../constructs/bootstrap/ci-access";
import { ServiceLinkedRoles, type ServiceLinkedRoleSpec } from "../constructs/bootstrap/service-linked-roles";
import { StateStore } from "../constructs/bootstrap/state-store";
import { configureBackend, requireTerraformVersion, type BackendKind } from "./backend";

export interface BootstrapStackProps {
  readonly project: string;
  readonly target: BootstrapTarget;
  /** Account-wide service-linked roles to create or adopt here, keyed by service principal. @default {} */
  readonly serviceLinkedRoles?: Readonly<Record<string, ServiceLinkedRoleSpec>>;
  /**
   * `local` for the very first apply (the state bucket does not exist yet); `s3` afterwards, once the local
   * state has been pushed into the bucket (README, "Bootstrapping an account"). @default "s3"
   */
  readonly backend?: BackendKind;
  /** The pipeline's OIDC access for the environments keeping state here. @default none */
  readonly ci?: Omit<CiAccessProps, "namePrefix">;
}

/**
 * `<env>-bootstrap`, like `cdk bootstrap`: what every other stack of an account and region needs before its first
 * apply and cannot create itself: the Terraform state bucket (and its key and access logs) and, once per account,
 * the service-linked roles the platform names as principals before their service creates them, and the GitHub
 * Actions roles of the environments that keep state here (in their own region, so a recovery environment's roles
 * are managed from its own state; the account's OIDC provider comes from the stack that creates account roles).
 */
export class BootstrapStack extends TerraformStack {
  readonly target: BootstrapTarget;
  readonly state: StateStore;
  readonly serviceLinkedRoles: ServiceLinkedRoles;
  readonly ci?: CiAccess;

  constructor(scope: Construct, props: BootstrapStackProps) {
    super(scope, props.target.id);
    this.target = props.target;
    new AwsProvider(this, "aws", {
      region: props.target.region,
      defaultTags: [{ tags: { project: props.project, environment: props.target.environment, "managed-by": "cdktf" } }],
    });
    configureBackend(this, props.target.id, props.target.environment, { bucket: props.target.stateBucket, region: props.target.region }, props.backend ?? "s3");
    requireTerraformVersion(this);

    this.state = new StateStore(this, "state", { bucketName: props.target.stateBucket });
    this.serviceLinkedRoles = new ServiceLinkedRoles(this, "service-linked-roles", { roles: props.serviceLinkedRoles ?? {} });

    if (props.ci && props.ci.environments.length > 0) {
      this.ci = new CiAccess(this, "ci", { ...props.ci, namePrefix: props.project });
      for (const [env, roles] of Object.entries(this.ci.roles)) {
        new TerraformOutput(this, `${env}_ci_plan_role_arn`, { value: roles.plan.arn, description: `Role for cdktf diff of ${env} from GitHub Actions` });
        new TerraformOutput(this, `${env}_ci_deploy_role_arn`, { value: roles.deploy.arn, description: `Role for cdktf deploy of ${env} from GitHub Actions` });
      }
    }
    new TerraformOutput(this, "state_bucket", { value: this.state.bucket.name, description: "Terraform state bucket" });
    new TerraformOutput(this, "state_key_arn", { value: this.state.key.arn, description: "KMS key of the state bucket" });
  }
}
