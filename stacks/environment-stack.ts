import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/types";
import { configureBackend, requireTerraformVersion, type BackendKind } from "./backend";
import { namePrefixOf } from "./platform-contract";

export interface EnvironmentStackProps {
  readonly project: string;
  readonly environment: EnvironmentConfig;
  /** @default "s3" */
  readonly backend?: BackendKind;
}

/** A stack of one role in one environment (`<env>-<role>`), with its own AWS provider and state backend. */
export class EnvironmentStack extends TerraformStack {
  readonly environment: EnvironmentConfig;
  readonly project: string;
  /** Prefix for resource names: `<project>-<env>`. */
  readonly namePrefix: string;

  constructor(scope: Construct, role: string, props: EnvironmentStackProps) {
    const id = `${props.environment.name}-${role}`;
    super(scope, id);
    this.environment = props.environment;
    this.project = props.project;
    this.namePrefix = namePrefixOf(props.project, props.environment.name);
    new AwsProvider(this, "aws", {
      region: props.environment.region,
      allowedAccountIds: props.environment.allowedAccountIds ? [...props.environment.allowedAccountIds] : undefined,
      defaultTags: [
        { tags: { project: props.project, environment: props.environment.name, "managed-by": "cdktf" } },
      ],
    });
    configureBackend(this, id, props.environment.name, props.environment.state, props.backend ?? "s3");
    requireTerraformVersion(this);
  }
}
