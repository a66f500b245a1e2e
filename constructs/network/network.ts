import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Token, type TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { throwIfProblems } from "../../common/problems";
import {
  checkNetwork,
  SUBNET_TIERS,
  type InterfaceEndpointService,
  type NatMode,
  type SubnetTier,
  type SubnetsByAz,
} from "../../common/network";
import { awsContext } from "../core/aws-context";
import type { EncryptionKey } from "../keys/encryption-key";
import { VpcEndpoints } from "./endpoints";
import { VpcFlowLogs } from "./flow-logs";

export interface NetworkProps {
  /** Name prefix for resources and Name tags, e.g. `aec-platform-prod`. */
  readonly name: string;
  readonly vpcCidr: string;
  readonly availabilityZones: readonly string[];
  /** Subnet CIDRs by tier (public, private, data) and AZ. */
  readonly subnets: Readonly<Record<SubnetTier, SubnetsByAz>>;
  /** Key that encrypts the flow-log group; the network lets CloudWatch Logs use it. */
  readonly flowLogKey: EncryptionKey;
  /** @default "perAz" */
  readonly nat?: NatMode;
  /** Interface endpoints in the private tier. The S3 gateway endpoint is always created. @default [] */
  readonly interfaceEndpoints?: readonly InterfaceEndpointService[];
  /** @default 365 */
  readonly flowLogRetentionDays?: number;
  /** EKS clusters that may place load balancers and nodes in these subnets (discovery tags). @default [] */
  readonly clusterNames?: readonly string[];
}

const DEFAULTS = {
  nat: "perAz",
  interfaceEndpoints: [] as readonly InterfaceEndpointService[],
  flowLogRetentionDays: 365,
  clusterNames: [] as readonly string[],
} as const;

/**
 * A three-tier VPC: public subnets (load balancers, NAT), private subnets (EKS nodes, Lambdas) with egress
 * through NAT as configured, and isolated data subnets (RDS, ElastiCache, broker) with no route to the internet.
 * Subnets are keyed by tier and AZ, so adding or reordering AZs never renumbers existing resources.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly vpcId: string;
  readonly cidr: string;
  /** Subnet CIDR blocks by tier and AZ, as given (literals, for arithmetic at synth). */
  readonly subnetCidrs: Readonly<Record<SubnetTier, SubnetsByAz>>;
  readonly availabilityZones: readonly string[];
  readonly subnets: Readonly<Record<SubnetTier, Readonly<Record<string, Subnet>>>>;
  readonly natGateways: Readonly<Record<string, NatGateway>>;
  readonly endpoints: VpcEndpoints;
  readonly flowLogs: VpcFlowLogs;
  /**
   * The private subnets' ways to AWS APIs (default routes through NAT, interface endpoints): something that must
   * call an API during the same apply that creates the network (a migration invoked on deploy) depends on them.
   */
  readonly awsApiPaths: readonly TerraformResource[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const nat = props.nat ?? DEFAULTS.nat;
    const interfaceEndpoints = props.interfaceEndpoints ?? DEFAULTS.interfaceEndpoints;
    const flowLogRetentionDays = props.flowLogRetentionDays ?? DEFAULTS.flowLogRetentionDays;
    const clusterNames = props.clusterNames ?? DEFAULTS.clusterNames;
    throwIfProblems(
      `Network props at ${this.node.path}`,
      checkNetwork(
        "network",
        { vpcCidr: props.vpcCidr, subnets: props.subnets, nat, interfaceEndpoints, flowLogRetentionDays },
        props.availabilityZones,
        { isUnresolved: (v) => Token.isUnresolved(v) },
      ),
    );
    // Sorted, so that the order AZs are listed in never moves a resource (e.g. the single NAT gateway).
    const azs = [...props.availabilityZones].sort();
    this.availabilityZones = azs;
    this.cidr = props.vpcCidr;
    this.subnetCidrs = props.subnets;

    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: props.vpcCidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: props.name },
    });
    this.vpcId = this.vpc.id;
    // Adopting the default security group with no rules leaves nothing that can fall back on it.
    new DefaultSecurityGroup(this, "default-security-group", {
      vpcId: this.vpc.id,
      tags: { Name: `${props.name}-default-deny` },
    });

    const clusterTags = Object.fromEntries(clusterNames.map((c) => [`kubernetes.io/cluster/${c}`, "shared"]));
    const tierTags: Record<SubnetTier, Record<string, string>> = {
      public: { "kubernetes.io/role/elb": "1", ...clusterTags },
      private: { "kubernetes.io/role/internal-elb": "1", ...clusterTags },
      data: {},
    };
    const subnets = {} as Record<SubnetTier, Record<string, Subnet>>;
    for (const tier of SUBNET_TIERS) {
      subnets[tier] = {};
      for (const az of azs) {
        subnets[tier][az] = new Subnet(this, `${tier}-${az}`, {
          vpcId: this.vpc.id,
          availabilityZone: az,
          cidrBlock: props.subnets[tier][az],
          // Load balancers and NAT gateways get their own addresses; nothing else should be public by accident.
          mapPublicIpOnLaunch: false,
          tags: { Name: `${props.name}-${tier}-${az}`, tier, ...tierTags[tier] },
        });
      }
    }
    this.subnets = subnets;

    const igw = new InternetGateway(this, "internet-gateway", {
      vpcId: this.vpc.id,
      tags: { Name: props.name },
    });
    const publicRoutes = this.routeTable("public-routes", `${props.name}-public`, "public", subnets.public);
    new Route(this, "public-default-route", {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: igw.id,
    });

    this.natGateways = this.natGatewaysFor(nat, azs, props.name, igw);
    const defaultRoutes: Route[] = [];
    const privateRoutes = azs.map((az) => {
      const table = this.routeTable(`private-routes-${az}`, `${props.name}-private-${az}`, "private", {
        [az]: subnets.private[az],
      });
      const gateway = this.natGateways[az] ?? Object.values(this.natGateways)[0];
      if (gateway) {
        defaultRoutes.push(
          new Route(this, `private-default-route-${az}`, {
            routeTableId: table.id,
            destinationCidrBlock: "0.0.0.0/0",
            natGatewayId: gateway.id,
          }),
        );
      }
      return table;
    });
    // The data tier has local routes only (and the S3 gateway endpoint): no NAT, no internet gateway.
    const dataRoutes = this.routeTable("data-routes", `${props.name}-data`, "data", subnets.data);

    this.endpoints = new VpcEndpoints(this, "endpoints", {
      name: props.name,
      vpcId: this.vpc.id,
      vpcCidr: props.vpcCidr,
      region: awsContext(this).region,
      gatewayRouteTableIds: [...privateRoutes.map((t) => t.id), dataRoutes.id],
      interfaceSubnetIds: this.subnetIds("private"),
      interfaceServices: interfaceEndpoints,
    });
    this.awsApiPaths = [...defaultRoutes, ...Object.values(this.endpoints.interfaces)];
    this.flowLogs = new VpcFlowLogs(this, "flow-logs", {
      vpcId: this.vpc.id,
      logGroupName: `/${props.name.replace(/-/g, "/")}/vpc-flow-logs`,
      retentionDays: flowLogRetentionDays,
      encryptionKey: props.flowLogKey,
    });
  }

  /** Subnet ids of one tier, in AZ order. */
  subnetIds(tier: SubnetTier): string[] {
    return this.availabilityZones.map((az) => this.subnets[tier][az].id);
  }

  private routeTable(id: string, name: string, tier: SubnetTier, subnets: Readonly<Record<string, Subnet>>): RouteTable {
    const table = new RouteTable(this, id, { vpcId: this.vpc.id, tags: { Name: name } });
    for (const [az, subnet] of Object.entries(subnets)) {
      new RouteTableAssociation(this, `${tier}-${az}-routes`, { routeTableId: table.id, subnetId: subnet.id });
    }
    return table;
  }

  private natGatewaysFor(
    mode: NatMode,
    azs: readonly string[],
    name: string,
    igw: InternetGateway,
  ): Record<string, NatGateway> {
    const hosts = mode === "perAz" ? azs : mode === "single" ? azs.slice(0, 1) : [];
    return Object.fromEntries(
      hosts.map((az) => {
        const eip = new Eip(this, `nat-eip-${az}`, { domain: "vpc", tags: { Name: `${name}-nat-${az}` } });
        const gateway = new NatGateway(this, `nat-${az}`, {
          allocationId: eip.allocationId,
          subnetId: this.subnets.public[az].id,
          tags: { Name: `${name}-nat-${az}` },
          dependsOn: [igw],
        });
        return [az, gateway];
      }),
    );
  }
}
