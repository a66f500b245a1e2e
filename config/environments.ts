// The kit's environments. To add one, append an entry (see README "Adding an environment"); validation runs at synth.
import { standardSubnets } from "./subnet-plan";
import { INTERFACE_ENDPOINT_SERVICES, type EnvironmentConfig, type ProjectConfig } from "./types";

const PRIMARY_AZS = ["us-west-2a", "us-west-2b", "us-west-2c"];
const DR_AZS = ["us-east-1a", "us-east-1b", "us-east-1c"];

// State buckets are per region, so that rebuilding in us-east-1 never needs us-west-2 to answer.
// Bucket names are globally unique: replace them with your organisation's before the first deploy.
const PRIMARY_STATE = { bucket: "aec-platform-tfstate-us-west-2", region: "us-west-2" } as const;
const DR_STATE = { bucket: "aec-platform-tfstate-us-east-1", region: "us-east-1" } as const;

export const dev: EnvironmentConfig = {
  name: "dev",
  region: "us-west-2",
  availabilityZones: PRIMARY_AZS.slice(0, 2),
  multiAz: false,
  deletionProtection: false,
  logRetentionDays: 14,
  network: {
    vpcCidr: "10.10.0.0/16",
    subnets: standardSubnets("10.10.0.0/16", PRIMARY_AZS.slice(0, 2)),
    nat: "single",
    // Interface endpoints cost per AZ-hour; dev reaches AWS APIs through its NAT instead.
    interfaceEndpoints: [],
    flowLogRetentionDays: 14,
  },
  state: PRIMARY_STATE,
};

export const staging: EnvironmentConfig = {
  name: "staging",
  region: "us-west-2",
  availabilityZones: PRIMARY_AZS,
  multiAz: true,
  deletionProtection: true,
  logRetentionDays: 30,
  network: {
    vpcCidr: "10.20.0.0/16",
    subnets: standardSubnets("10.20.0.0/16", PRIMARY_AZS),
    nat: "single",
    interfaceEndpoints: INTERFACE_ENDPOINT_SERVICES,
    flowLogRetentionDays: 30,
  },
  state: PRIMARY_STATE,
};

export const prod: EnvironmentConfig = {
  name: "prod",
  region: "us-west-2",
  availabilityZones: PRIMARY_AZS,
  multiAz: true,
  deletionProtection: true,
  logRetentionDays: 90,
  network: {
    vpcCidr: "10.0.0.0/16",
    subnets: standardSubnets("10.0.0.0/16", PRIMARY_AZS),
    nat: "perAz",
    interfaceEndpoints: INTERFACE_ENDPOINT_SERVICES,
    flowLogRetentionDays: 365,
  },
  state: PRIMARY_STATE,
};

/** Disaster-recovery copy of prod in the secondary region; its CIDR must not overlap prod's so the two can peer. */
export const prodDr: EnvironmentConfig = {
  ...prod,
  name: "prod-dr",
  region: "us-east-1",
  availabilityZones: DR_AZS,
  network: {
    ...prod.network,
    vpcCidr: "10.1.0.0/16",
    subnets: standardSubnets("10.1.0.0/16", DR_AZS),
  },
  state: DR_STATE,
};

export const platform: ProjectConfig = {
  project: "aec-platform",
  environments: [dev, staging, prod, prodDr],
};
