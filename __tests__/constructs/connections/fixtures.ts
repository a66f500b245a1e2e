// A stack with a provider, the platform keys and a network: what every data-tier construct is built on in tests.
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import type { TerraformStack } from "cdktf";
import { standardSubnets } from "../../../config/subnet-plan";
import { PlatformKeys } from "../../../constructs/keys/platform-keys";
import { Network } from "../../../constructs/network/network";
import { emptyStack, synthJson, type SynthJson } from "../../helpers";
import { roleGrantee, type Grantee } from "../../../constructs/core/grantee";

export const THREE_AZS = ["us-west-2a", "us-west-2b", "us-west-2c"];

export interface DataFixture {
  readonly stack: TerraformStack;
  readonly network: Network;
  readonly keys: PlatformKeys;
}

export function dataFixture(azs: readonly string[] = THREE_AZS): DataFixture {
  const { stack } = emptyStack();
  new AwsProvider(stack, "aws", { region: "us-west-2" });
  const keys = new PlatformKeys(stack, "keys", { aliasPrefix: "test" });
  const network = new Network(stack, "network", {
    name: "test",
    vpcCidr: "10.9.0.0/16",
    availabilityZones: azs,
    subnets: standardSubnets("10.9.0.0/16", azs),
    nat: "none",
    flowLogKey: keys.byClass.logs,
  });
  return { stack, network, keys };
}

export function appRole(stack: TerraformStack, id = "app-role"): IamRole {
  return new IamRole(stack, id, {
    name: id,
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
  });
}

/** A role of the caller's own as a grant's receiver (nothing to order after the grant). */
export function appGrantee(stack: TerraformStack, id = "app-role"): Grantee {
  return roleGrantee(appRole(stack, id));
}

export function appSecurityGroup(fixture: DataFixture, id = "app"): SecurityGroup {
  return new SecurityGroup(fixture.stack, id, { name: id, description: "app tier", vpcId: fixture.network.vpcId });
}

/** The parsed policy document of every aws_iam_role_policy in the stack, keyed by the policy's name. */
export function rolePolicies(json: SynthJson): Record<string, { Statement: Record<string, unknown>[] }> {
  return Object.fromEntries(
    Object.values(json.resource?.aws_iam_role_policy ?? {}).map((p) => [
      String(p.name),
      JSON.parse(String(p.policy)) as { Statement: Record<string, unknown>[] },
    ]),
  );
}

export { synthJson };

/** The Terraform expression `${<type>.<logical name>.<attribute>}` of the one resource at `pathSuffix`. */
export function ref(json: SynthJson, type: string, pathSuffix: string, attribute: string): string {
  const flat = pathSuffix.replace(/\//g, "_");
  const names = Object.keys(json.resource?.[type] ?? {}).filter((n) => {
    const human = n.replace(/_[0-9A-F]{8}$/, "");
    return human === flat || human.endsWith(`_${flat}`);
  });
  if (names.length !== 1) throw new Error(`expected one ${type} at *${pathSuffix}, found ${names.length}`);
  return `\${${type}.${names[0]}.${attribute}}`;
}
