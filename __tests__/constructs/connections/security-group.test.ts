import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Testing } from "cdktf";
import { DataClientsSecurityGroup } from "../../../constructs/connections/client-security-group";
import { DataSecurityGroup } from "../../../constructs/connections/security-group";
import { countOf, resourcesOf } from "../../helpers";
import { appSecurityGroup, dataFixture, ref, synthJson } from "./fixtures";

function build() {
  const fixture = dataFixture();
  const group = new DataSecurityGroup(fixture.stack, "postgres", {
    name: "test-postgres",
    service: "PostgreSQL",
    network: fixture.network,
    port: 5432,
  });
  return { ...fixture, group };
}

describe("DataSecurityGroup", () => {
  it("starts with a description, no rules and no egress", () => {
    const { stack } = build();
    const json = synthJson(stack);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(SecurityGroup, {
      name: "test-postgres",
      description: "PostgreSQL on TCP 5432: admits only the security groups granted access",
    });
    const group = Object.values(resourcesOf(json, "aws_security_group")).find((g) => g.name === "test-postgres");
    expect(group?.egress).toBeUndefined();
    expect(group?.ingress).toBeUndefined();
    expect(countOf(json, "aws_vpc_security_group_ingress_rule")).toBe(0);
  });

  it("admits a peer security group on the service port, with a description", () => {
    const fixture = build();
    const app = appSecurityGroup(fixture);
    fixture.group.allowFrom(app);
    const json = synthJson(fixture.stack);
    expect(Testing.synth(fixture.stack)).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      security_group_id: ref(json, "aws_security_group", "postgres/security-group", "id"),
      referenced_security_group_id: "${aws_security_group.app.id}",
      ip_protocol: "tcp",
      from_port: 5432,
      to_port: 5432,
      description: "PostgreSQL from app",
    });
  });

  it("admits a construct that owns a group, and a named reference to a group made elsewhere", () => {
    const fixture = build();
    const clients = new DataClientsSecurityGroup(fixture.stack, "clients", { name: "test-clients", network: fixture.network });
    fixture.group.allowFrom(clients);
    fixture.group.allowFrom({ name: "eks-cluster", securityGroupId: "sg-0123456789abcdef0" }, "PostgreSQL from EKS pods");
    const rules = Object.values(resourcesOf(synthJson(fixture.stack), "aws_vpc_security_group_ingress_rule"));
    expect(rules.map((r) => r.description)).toEqual(["PostgreSQL from clients/security-group", "PostgreSQL from EKS pods"]);
    expect(rules[1].referenced_security_group_id).toBe("sg-0123456789abcdef0");
  });

  it("returns the existing rule when the same peer is admitted twice", () => {
    const fixture = build();
    const app = appSecurityGroup(fixture);
    expect(fixture.group.allowFrom(app)).toBe(fixture.group.allowFrom(app));
    expect(countOf(synthJson(fixture.stack), "aws_vpc_security_group_ingress_rule")).toBe(1);
  });

  it("fails for a port outside 1-65535", () => {
    const fixture = dataFixture();
    expect(
      () => new DataSecurityGroup(fixture.stack, "bad", { name: "bad", service: "X", network: fixture.network, port: 0 }),
    ).toThrow("bad.port: got 0; expected a TCP port from 1 to 65535");
  });

  it("fails for a reference name that cannot be part of a rule id", () => {
    const { group } = build();
    expect(() => group.allowFrom({ name: "EKS Cluster", securityGroupId: "sg-1" })).toThrow(
      'peer.name: got "EKS Cluster"; expected lower-case letters, digits and dashes',
    );
  });
});

describe("DataClientsSecurityGroup", () => {
  it("opens exactly the service port in both directions, once per service", () => {
    const fixture = build();
    const clients = new DataClientsSecurityGroup(fixture.stack, "clients", { name: "test-clients", network: fixture.network });
    const service = { connections: fixture.group, allowFrom: fixture.group.allowFrom.bind(fixture.group) };
    clients.connectTo(service);
    clients.connectTo(service);
    const json = synthJson(fixture.stack);
    expect(countOf(json, "aws_vpc_security_group_ingress_rule")).toBe(1);
    expect(countOf(json, "aws_vpc_security_group_egress_rule")).toBe(1);
    expect(Testing.synth(fixture.stack)).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, {
      security_group_id: ref(json, "aws_security_group", "clients/security-group", "id"),
      referenced_security_group_id: ref(json, "aws_security_group", "postgres/security-group", "id"),
      from_port: 5432,
      to_port: 5432,
      description: "PostgreSQL on TCP 5432",
    });
  });
});
