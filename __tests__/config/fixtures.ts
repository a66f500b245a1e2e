// A new environment as a user would add one: `qa`, a copy of staging with its own name, VPC, state bucket (so its own
// account, and bootstrap stack) and account id.
import { platform, staging } from "../../config/environments";
import { standardSubnets } from "../../config/subnet-plan";
import type { EnvironmentConfig, ProjectConfig } from "../../config/types";

export const QA_VPC_CIDR = "10.30.0.0/16";

export function qaEnvironment(changes: Partial<EnvironmentConfig> = {}): EnvironmentConfig {
  return {
    ...staging,
    name: "qa",
    network: { ...staging.network, vpcCidr: QA_VPC_CIDR, subnets: standardSubnets(QA_VPC_CIDR, staging.availabilityZones) },
    state: { bucket: "aec-platform-qa-tfstate-us-west-2", region: "us-west-2" },
    allowedAccountIds: ["123456789012"],
    ...changes,
  };
}

/** The shipped configuration with one more environment: the one edit that adding an environment is. */
export function withEnvironment(environment: EnvironmentConfig): ProjectConfig {
  return { ...platform, environments: [...platform.environments, environment] };
}
