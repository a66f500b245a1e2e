// prod-dr: the disaster-recovery copy of prod in the secondary region, in prod's account. A pilot light in standby
// (docs/disaster-recovery.md). Everything not set here is prod's: its cluster, so that failing over changes the
// region, not the capacity or the paging, and its handlers, so the DR region serves prod's users with prod's tokens
// and limits.
import { standardSubnets } from "../subnet-plan";
import type { EnvironmentConfig } from "../types";
import { prod } from "./prod";

const AZS = ["us-east-1a", "us-east-1b", "us-east-1c"];
// Apart from prod's, so that the two VPCs can peer.
const VPC_CIDR = "10.1.0.0/16";

export const prodDr: EnvironmentConfig = {
  ...prod,
  name: "prod-dr",
  region: "us-east-1",
  availabilityZones: AZS,
  network: { ...prod.network, vpcCidr: VPC_CIDR, subnets: standardSubnets(VPC_CIDR, AZS) },
  // A bucket in its own region, so that rebuilding in us-east-1 never needs us-west-2 to answer.
  state: { bucket: "aec-platform-tfstate-us-east-1", region: "us-east-1" },
  disasterRecovery: { primary: "prod", mode: "standby" },
};
