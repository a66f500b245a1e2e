import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Testing } from "cdktf";
import { standardSubnets } from "../../../config/subnet-plan";
import type { NatMode } from "../../../config/types";
import { EncryptionKey } from "../../../constructs/keys/encryption-key";
import { Network, type NetworkProps } from "../../../constructs/network/network";
import { countOf, emptyStack, resourceAt, resourcesOf, synthJson } from "../../helpers";

const AZS = ["us-west-2a", "us-west-2b", "us-west-2c"];

function build(overrides: Partial<NetworkProps> = {}) {
  const { stack } = emptyStack();
  const flowLogKey = new EncryptionKey(stack, "logs", { alias: "test-logs", description: "logs" });
  const network = new Network(stack, "network", {
    name: "kit-test",
    vpcCidr: "10.0.0.0/16",
    availabilityZones: AZS,
    subnets: standardSubnets("10.0.0.0/16", AZS),
    flowLogKey,
    ...overrides,
  });
  return { stack, network, synth: Testing.synth(stack), json: synthJson(stack) };
}

describe("Network defaults", () => {
  const { synth, json, network } = build();

  it("creates a VPC with DNS support and hostnames", () => {
    expect(synth).toHaveResourceWithProperties(Vpc, {
      cidr_block: "10.0.0.0/16",
      enable_dns_support: true,
      enable_dns_hostnames: true,
    });
  });

  it("keys subnets by tier and AZ, none mapping public IPs", () => {
    expect(countOf(json, "aws_subnet")).toBe(9);
    expect(resourceAt(json, "aws_subnet", "network/private-us-west-2b")).toMatchObject({
      cidr_block: "10.0.20.0/24",
      availability_zone: "us-west-2b",
      map_public_ip_on_launch: false,
    });
    expect(Object.keys(network.subnets.data)).toEqual(AZS);
    for (const s of Object.values(resourcesOf(json, "aws_subnet"))) expect(s.map_public_ip_on_launch).toBe(false);
  });

  it("tags subnets for load-balancer discovery", () => {
    expect(synth).toHaveResourceWithProperties(Subnet, {
      cidr_block: "10.0.1.0/24",
      tags: expect.objectContaining({ "kubernetes.io/role/elb": "1", tier: "public" }),
    });
    expect(synth).toHaveResourceWithProperties(Subnet, {
      cidr_block: "10.0.10.0/24",
      tags: expect.objectContaining({ "kubernetes.io/role/internal-elb": "1", tier: "private" }),
    });
  });

  it("puts one NAT gateway per AZ by default, each private route table using its own AZ's", () => {
    expect(countOf(json, "aws_nat_gateway")).toBe(3);
    for (const az of AZS) {
      const route = resourceAt(json, "aws_route", `private-default-route-${az}`);
      expect(route.nat_gateway_id).toMatch(new RegExp(`nat-${az}_`));
    }
  });

  it("gives the data tier no route out of the VPC", () => {
    const dataTable = resourceAt(json, "aws_route_table", "network/data-routes");
    expect(dataTable.route).toBeUndefined();
    const routes = Object.values(resourcesOf(json, "aws_route"));
    expect(routes.filter((r) => String(r.route_table_id).includes("data-routes"))).toEqual([]);
    expect(countOf(json, "aws_route_table_association")).toBe(9);
  });

  it("routes the public tier through the internet gateway", () => {
    expect(resourceAt(json, "aws_route", "public-default-route")).toMatchObject({
      destination_cidr_block: "0.0.0.0/0",
      gateway_id: expect.stringContaining("aws_internet_gateway."),
    });
  });

  it("locks the default security group down with no rules", () => {
    expect(synth).toHaveResource(DefaultSecurityGroup);
    const sg = Object.values(resourcesOf(json, "aws_default_security_group"))[0];
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });

  it("logs ALL traffic into an encrypted log group with finite retention", () => {
    expect(synth).toHaveResourceWithProperties(FlowLog, {
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
      max_aggregation_interval: 60,
    });
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/kit/test/vpc-flow-logs",
      retention_in_days: 365,
      kms_key_id: expect.stringContaining("aws_kms_key."),
    });
  });

  it("scopes the flow-log delivery role to this account's flow logs", () => {
    const role = resourceAt(json, "aws_iam_role", "flow-logs/delivery-role");
    const trust = JSON.parse(String(role.assume_role_policy));
    expect(trust.Statement[0].Principal).toEqual({ Service: "vpc-flow-logs.amazonaws.com" });
    expect(trust.Statement[0].Condition.StringEquals["aws:SourceAccount"]).toContain("aws_caller_identity");
    const policy = JSON.parse(String(resourceAt(json, "aws_iam_role_policy", "flow-logs/delivery-policy").policy));
    expect(policy.Statement[0].Resource).toMatch(/aws_cloudwatch_log_group\..*\.arn}:\*$/);
  });

  it("lets CloudWatch Logs use the flow-log key only for this account's log groups", () => {
    const key = resourceAt(json, "aws_kms_key", "logs/key");
    const policy = JSON.parse(String(key.policy));
    const logs = policy.Statement.find((s: { Sid: string }) => s.Sid === "CloudWatchLogsUse");
    expect(logs.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"]).toContain(":log-group:*");
  });

  it("creates only the free S3 gateway endpoint, on private and data route tables", () => {
    expect(countOf(json, "aws_vpc_endpoint")).toBe(1);
    const s3 = resourceAt(json, "aws_vpc_endpoint", "endpoints/s3");
    expect(s3.vpc_endpoint_type).toBe("Gateway");
    expect(s3.route_table_ids).toHaveLength(4);
    expect(countOf(json, "aws_security_group")).toBe(0);
  });
});

describe("Network NAT modes", () => {
  it.each<[NatMode, number, number]>([
    ["perAz", 3, 3],
    ["single", 1, 3],
    ["none", 0, 0],
  ])("%s: %i NAT gateways, %i private default routes", (nat, gateways, privateRoutes) => {
    const { json } = build({ nat });
    expect(countOf(json, "aws_nat_gateway")).toBe(gateways);
    expect(countOf(json, "aws_eip")).toBe(gateways);
    const routes = Object.values(resourcesOf(json, "aws_route")).filter((r) => r.nat_gateway_id);
    expect(routes).toHaveLength(privateRoutes);
  });

  it("single: places the NAT in the first AZ by name, whatever order AZs are listed in", () => {
    const { json } = build({ nat: "single", availabilityZones: ["us-west-2c", "us-west-2a", "us-west-2b"] });
    const gateway = Object.values(resourcesOf(json, "aws_nat_gateway"))[0];
    expect(gateway.subnet_id).toContain("public-us-west-2a");
    for (const az of AZS) {
      expect(resourceAt(json, "aws_route", `private-default-route-${az}`).nat_gateway_id).toContain("nat-us-west-2a");
    }
  });
});

describe("Network interface endpoints", () => {
  const { synth, json } = build({ interfaceEndpoints: ["ecr.api", "ecr.dkr", "sts", "secretsmanager", "logs", "sqs"] });

  it("creates each asked endpoint with private DNS in the private subnets", () => {
    expect(countOf(json, "aws_vpc_endpoint")).toBe(7);
    expect(synth).toHaveResourceWithProperties(VpcEndpoint, {
      service_name: "com.amazonaws.${data.aws_region.aws-context-region.region}.ecr.dkr",
      vpc_endpoint_type: "Interface",
      private_dns_enabled: true,
    });
    const sts = resourceAt(json, "aws_vpc_endpoint", "endpoints/sts");
    expect(sts.subnet_ids).toHaveLength(3);
    expect(String((sts.subnet_ids as string[])[0])).toContain("private-us-west-2a");
  });

  it("opens the endpoints on 443 to the VPC only, with a description", () => {
    expect(synth).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      from_port: 443,
      to_port: 443,
      ip_protocol: "tcp",
      cidr_ipv4: "10.0.0.0/16",
      description: "HTTPS to AWS APIs from workloads in the VPC",
    });
  });
});

describe("Network discovery tags", () => {
  it("tags public and private subnets for each named cluster", () => {
    const { synth } = build({ clusterNames: ["kit-test"] });
    expect(synth).toHaveResourceWithProperties(Subnet, {
      cidr_block: "10.0.20.0/24",
      tags: expect.objectContaining({ "kubernetes.io/cluster/kit-test": "shared" }),
    });
  });
});

describe("Network validation", () => {
  it("fails in the constructor with every problem listed", () => {
    expect(() =>
      build({ vpcCidr: "10.0.0.0/33", nat: "some" as NatMode, flowLogRetentionDays: 0 }),
    ).toThrow(/Invalid Network props at test\/network \(\d+ problems\):[\s\S]*network\.vpcCidr: got "10\.0\.0\.0\/33"[\s\S]*network\.nat: got "some"[\s\S]*network\.flowLogRetentionDays: got 0/);
  });

  it("fails when a subnet is missing for an AZ", () => {
    expect(() => build({ availabilityZones: [...AZS, "us-west-2d"] })).toThrow(
      'network.subnets.public.us-west-2d: got nothing; expected a public subnet CIDR for every availability zone',
    );
  });
});
