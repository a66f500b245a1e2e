import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { BootstrapTarget } from "../config/bootstrap";
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
}

/**
 * `<env>-bootstrap`, like `cdk bootstrap`: what every other stack of an account and region needs before its first
 * apply and cannot create itself: the Terraform state bucket (and its key and access logs) and, once per account,
 * the service-linked roles the platform names as principals before their service creates them.
 */
export class BootstrapStack extends TerraformStack {
  readonly target: BootstrapTarget;
  readonly state: StateStore;
  readonly serviceLinkedRoles: ServiceLinkedRoles;

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

    new TerraformOutput(this, "state_bucket", { value: this.state.bucket.name, description: "Terraform state bucket" });
    new TerraformOutput(this, "state_key_arn", { value: this.state.key.arn, description: "KMS key of the state bucket" });
  }
}
