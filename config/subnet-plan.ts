import { parseCidr, subnet } from "../common/cidr";
import type { SubnetTier, SubnetsByAz } from "./types";

/**
 * The architecture's /24 layout inside a /16, for up to 9 AZs (AZ index i counts from 0):
 * public 1+i (10.0.1.0/24 …), private 10·(1+i) (10.0.10.0/24, 10.0.20.0/24 …), isolated data 100+i (10.0.100.0/24 …).
 */
export function standardSubnets(vpcCidr: string, azs: readonly string[]): Record<SubnetTier, SubnetsByAz> {
  const vpc = parseCidr(vpcCidr);
  if (!vpc || vpc.prefix !== 16) {
    throw new Error(`standardSubnets: vpcCidr "${vpcCidr}" must be a /16 such as 10.0.0.0/16; write the subnets out by hand for other sizes.`);
  }
  if (azs.length > 9) {
    throw new Error(`standardSubnets: ${azs.length} AZs given; the standard layout holds at most 9.`);
  }
  const byAz = (index: (i: number) => number) =>
    Object.fromEntries(azs.map((az, i) => [az, subnet(vpc, 24, index(i))]));
  return {
    public: byAz((i) => 1 + i),
    private: byAz((i) => 10 * (1 + i)),
    data: byAz((i) => 100 + i),
  };
}
