// How many private addresses a cluster's nodes can take at their maximum size, against what the subnets hold.
// Pure: no cdktf. Figures from the EC2 User Guide ("Maximum IP addresses per network interface") and the VPC CNI's
// default WARM_ENI_TARGET=1, which keeps one whole spare interface of addresses on every node.

/** Interfaces and IPv4 addresses per interface by size, shared by the Nitro m5/m5a/m6i/m6a/c5/c6i/r5/r6i families. */
const BY_SIZE: Readonly<Record<string, { readonly interfaces: number; readonly addressesPerInterface: number }>> = {
  large: { interfaces: 3, addressesPerInterface: 10 },
  xlarge: { interfaces: 4, addressesPerInterface: 15 },
  "2xlarge": { interfaces: 4, addressesPerInterface: 15 },
  "4xlarge": { interfaces: 8, addressesPerInterface: 30 },
  "8xlarge": { interfaces: 8, addressesPerInterface: 30 },
  "12xlarge": { interfaces: 8, addressesPerInterface: 30 },
  "16xlarge": { interfaces: 15, addressesPerInterface: 50 },
  "24xlarge": { interfaces: 15, addressesPerInterface: 50 },
};
const FAMILIES = /^(m5|m5a|m6i|m6a|c5|c6i|r5|r6i)\.(.+)$/;
/** AWS keeps five addresses of every subnet. */
const RESERVED_PER_SUBNET = 5;

/** Addresses one node holds at least: its primary interface full, and one warm interface. Undefined when unknown. */
export function addressesPerNode(instanceType: string): number | undefined {
  const size = FAMILIES.exec(instanceType)?.[2];
  const entry = size ? BY_SIZE[size] : undefined;
  return entry ? 2 * entry.addressesPerInterface : undefined;
}

export function usableAddresses(cidr: string): number {
  const prefix = Number(cidr.split("/")[1]);
  return 2 ** (32 - prefix) - RESERVED_PER_SUBNET;
}

export interface AddressDemand {
  /** Node groups: instance types and maximum size. */
  readonly nodeGroups: Readonly<Record<string, { readonly instanceTypes: readonly string[]; readonly maxSize: number }>>;
  /** CIDRs of the subnets the nodes live in. */
  readonly subnetCidrs: readonly string[];
  /** Addresses other things take in those subnets (interface endpoints: one per service and AZ). */
  readonly otherAddresses: number;
}

export interface AddressEstimate {
  /** What the nodes take at maxSize; undefined when an instance type is not in the table (nothing is claimed). */
  readonly nodes?: number;
  readonly available: number;
}

export function estimateAddresses(demand: AddressDemand): AddressEstimate {
  const available = demand.subnetCidrs.reduce((sum, cidr) => sum + usableAddresses(cidr), 0) - demand.otherAddresses;
  let nodes = 0;
  for (const group of Object.values(demand.nodeGroups)) {
    const perNode = group.instanceTypes.map(addressesPerNode);
    if (perNode.some((n) => n === undefined)) return { available };
    nodes += group.maxSize * Math.max(...(perNode as number[]));
  }
  return { nodes, available };
}
