import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { PlatformKeys } from "../constructs/keys/platform-keys";
import { Network } from "../constructs/network/network";
import { EnvironmentStack, type EnvironmentStackProps } from "./environment-stack";

/** `<env>-platform`: the network and everything stateful that the cluster and handlers build on. */
export class PlatformStack extends EnvironmentStack {
  readonly keys: PlatformKeys;
  readonly network: Network;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, "platform", props);
    const env = this.environment;
    this.keys = new PlatformKeys(this, "keys", { aliasPrefix: this.namePrefix });
    this.network = new Network(this, "network", {
      name: this.namePrefix,
      vpcCidr: env.network.vpcCidr,
      availabilityZones: env.availabilityZones,
      subnets: env.network.subnets,
      nat: env.network.nat,
      interfaceEndpoints: env.network.interfaceEndpoints,
      flowLogRetentionDays: env.network.flowLogRetentionDays,
      flowLogKey: this.keys.byClass.logs,
      clusterNames: [this.namePrefix],
    });

    new TerraformOutput(this, "vpc_id", { value: this.network.vpcId, description: "VPC id" });
    new TerraformOutput(this, "vpc_cidr", { value: this.network.cidr, description: "VPC CIDR block" });
    for (const tier of ["public", "private", "data"] as const) {
      new TerraformOutput(this, `${tier}_subnet_ids`, {
        value: this.network.subnetIds(tier),
        description: `${tier} subnet ids in AZ order (${this.network.availabilityZones.join(", ")})`,
      });
    }
  }
}
