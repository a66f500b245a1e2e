// The shape of a three-tier VPC (subnets by tier and AZ, NAT, interface endpoints) and its validation, shared by
// the environment configuration and the Network construct so both fail with the same message. Pure: no cdktf.
import { contains, overlaps, parseCidr, type Cidr } from "./cidr";
import { checkRetention } from "./log-retention";
import type { Problem } from "./problems";

export type SubnetTier = "public" | "private" | "data";
export const SUBNET_TIERS: readonly SubnetTier[] = ["public", "private", "data"];

/** CIDR per availability zone, e.g. { "us-west-2a": "10.0.1.0/24" }. Keyed, so reordering recreates nothing. */
export type SubnetsByAz = Readonly<Record<string, string>>;

/**
 * NAT for the private tier:
 * - `perAz`: one NAT gateway per AZ; an AZ outage takes out only its own egress (production).
 * - `single`: one NAT gateway for all AZs; cheaper, one AZ is a single point of failure (dev).
 * - `none`: no internet egress from private subnets; AWS APIs through VPC endpoints only.
 */
export type NatMode = "single" | "perAz" | "none";

/** Interface VPC endpoints the kit knows how to create (service name suffix after `com.amazonaws.<region>.`). */
export const INTERFACE_ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr", "sts", "secretsmanager", "logs", "sqs"] as const;
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

export interface NetworkPlan {
  /** VPC CIDR block, /16 to /24. */
  readonly vpcCidr: string;
  /** Subnet CIDRs by tier and AZ; every AZ needs one subnet in every tier. */
  readonly subnets: Readonly<Record<SubnetTier, SubnetsByAz>>;
  readonly nat: NatMode;
  /** Interface endpoints to create in the private tier; the S3 gateway endpoint is always created (it is free). */
  readonly interfaceEndpoints: readonly InterfaceEndpointService[];
  /** Retention of the VPC flow-log group, in days (one of CloudWatch's allowed values). */
  readonly flowLogRetentionDays: number;
}

export interface NetworkCheckOptions {
  /** Values that are not known until apply (cdktf tokens) are not checked. */
  readonly isUnresolved?: (value: string) => boolean;
}

const NAT_MODES = ["single", "perAz", "none"];

/** Checks a network definition against the AZs it is spread over; returns every problem found. */
export function checkNetwork(
  path: string,
  network: NetworkPlan,
  availabilityZones: readonly string[],
  options: NetworkCheckOptions = {},
): Problem[] {
  const problems: Problem[] = [];
  const unresolved = options.isUnresolved ?? (() => false);

  let vpc: Cidr | undefined;
  if (!unresolved(network.vpcCidr)) {
    vpc = parseCidr(network.vpcCidr);
    if (!vpc || vpc.prefix < 16 || vpc.prefix > 24) {
      problems.push({
        field: `${path}.vpcCidr`,
        value: network.vpcCidr,
        expected: "an IPv4 CIDR block with its host bits zero and a prefix from /16 to /24 (AWS VPC limits), e.g. 10.0.0.0/16",
        fix: "use a private range such as 10.<n>.0.0/16 that no other environment uses",
      });
      vpc = undefined;
    }
  }

  const seen: { field: string; cidr: Cidr }[] = [];
  for (const tier of SUBNET_TIERS) {
    const byAz = network.subnets?.[tier] ?? {};
    for (const az of availabilityZones) {
      if (!(az in byAz)) {
        problems.push({
          field: `${path}.subnets.${tier}.${az}`,
          value: undefined,
          expected: `a ${tier} subnet CIDR for every availability zone of the environment`,
          fix: `add "${az}": "<cidr>" to subnets.${tier}, or remove ${az} from availabilityZones`,
        });
      }
    }
    for (const [az, text] of Object.entries(byAz)) {
      const field = `${path}.subnets.${tier}.${az}`;
      if (!availabilityZones.includes(az)) {
        problems.push({
          field,
          value: az,
          expected: `one of the environment's availability zones (${availabilityZones.join(", ")})`,
          fix: `add ${az} to availabilityZones or remove this subnet`,
        });
      }
      if (unresolved(text)) continue;
      const cidr = parseCidr(text);
      if (!cidr || cidr.prefix < 16 || cidr.prefix > 28) {
        problems.push({
          field,
          value: text,
          expected: "an IPv4 CIDR block with its host bits zero and a prefix from /16 to /28",
          fix: "write the subnet as network/prefix, e.g. 10.0.1.0/24",
        });
        continue;
      }
      if (vpc && !contains(vpc, cidr)) {
        problems.push({
          field,
          value: text,
          expected: `a block inside the VPC CIDR ${vpc.text}`,
          fix: `pick a subnet within ${vpc.text}`,
        });
      }
      const clash = seen.find((s) => overlaps(s.cidr, cidr));
      if (clash) {
        problems.push({
          field,
          value: text,
          expected: `a block that overlaps no other subnet (it overlaps ${clash.field} = ${clash.cidr.text})`,
          fix: "give each subnet its own range",
        });
      }
      seen.push({ field, cidr });
    }
  }

  if (!NAT_MODES.includes(network.nat)) {
    problems.push({
      field: `${path}.nat`,
      value: network.nat,
      expected: `one of ${NAT_MODES.join(" | ")}`,
      fix: 'use "perAz" for production, "single" to save cost, "none" for no internet egress',
    });
  }

  const endpoints = network.interfaceEndpoints ?? [];
  endpoints.forEach((service, i) => {
    if (!(INTERFACE_ENDPOINT_SERVICES as readonly string[]).includes(service)) {
      problems.push({
        field: `${path}.interfaceEndpoints[${i}]`,
        value: service,
        expected: `one of ${INTERFACE_ENDPOINT_SERVICES.join(", ")}`,
        fix: "remove it, or add the service to INTERFACE_ENDPOINT_SERVICES in common/network.ts",
      });
    } else if (endpoints.indexOf(service) !== i) {
      problems.push({
        field: `${path}.interfaceEndpoints[${i}]`,
        value: service,
        expected: "each service at most once",
        fix: `remove the repeated "${service}"`,
      });
    }
  });

  problems.push(...checkRetention(`${path}.flowLogRetentionDays`, network.flowLogRetentionDays));
  return problems;
}
