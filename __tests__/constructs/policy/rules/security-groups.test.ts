import { ruleSuite } from "./harness";

const WORLD = ["0.0.0.0/0"];
const inline = (ingress: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({ aws_security_group: { sg: { description: "ALB", vpc_id: "v", ingress, ...extra } } });
const INLINE = "inline rules written with only the fields the rule reads (the binding renders every field of an inline rule)";
const sgRule = (config: Record<string, unknown>) => ({ aws_security_group_rule: { r: { security_group_id: "sg", description: "d", ...config } } });
const vpcIngress = (config: Record<string, unknown>) => ({ aws_vpc_security_group_ingress_rule: { r: { security_group_id: "sg", description: "d", ...config } } });
const vpcEgress = (config: Record<string, unknown>) => ({ aws_vpc_security_group_egress_rule: { r: { security_group_id: "sg", ...config } } });

ruleSuite("security-groups", {
  "KIT-SG-001": [
    {
      name: "HTTP and HTTPS from anywhere, SSH from the VPC",
      expect: ["pass"],
      resources: inline([
        { protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: WORLD },
        { protocol: "6", from_port: 80, to_port: 80, ipv6_cidr_blocks: ["::/0"] },
        { protocol: "tcp", from_port: 22, to_port: 22, cidr_blocks: ["10.0.0.0/16"] },
      ]),
      rawShape: INLINE,
    },
    {
      name: "SSH from anywhere",
      expect: ["fail", "ingress[1] admits tcp 22 from 0.0.0.0/0"],
      resources: inline([
        { protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: WORLD },
        { protocol: "tcp", from_port: 22, to_port: 22, cidr_blocks: ["10.0.0.0/8", "0.0.0.0/0"] },
      ]),
      rawShape: INLINE,
    },
    { name: "all traffic from anywhere, IPv6 too", expect: ["fail", "ingress[0] admits all traffic from 0.0.0.0/0, ::/0"], resources: inline([{ from_port: 0, to_port: 0, cidr_blocks: WORLD, ipv6_cidr_blocks: ["::/0"] }]), rawShape: INLINE },
    { name: "a port range spanning the public ports", expect: ["fail", "ingress[0] admits tcp 80-443 from 0.0.0.0/0"], resources: inline([{ protocol: "tcp", from_port: 80, to_port: 443, cidr_blocks: WORLD }]), rawShape: INLINE },
    { name: "a two-port range that is not both public", expect: ["fail", "ingress[0] admits udp 443-444 from 0.0.0.0/0"], resources: inline([{ protocol: "udp", from_port: 443, to_port: 444, cidr_blocks: WORLD }]), rawShape: INLINE },
    // The port text of ICMP and port-less rules reads oddly ("8--1", "undefined"); only the verdict is pinned here.
    { name: "ICMP from anywhere", expect: ["fail", /^ingress\[0\] admits icmp .* from 0\.0\.0\.0\/0$/], resources: inline([{ protocol: "icmp", from_port: 8, to_port: -1, cidr_blocks: WORLD }]), rawShape: INLINE },
    { name: "a rule without ports", expect: ["fail", /^ingress\[0\] admits tcp .* from 0\.0\.0\.0\/0$/], resources: inline([{ protocol: "tcp", cidr_blocks: WORLD }]), rawShape: INLINE },
    { name: "a rule with only a start port", expect: ["fail", /^ingress\[0\] admits tcp 443.* from 0\.0\.0\.0\/0$/], resources: inline([{ protocol: "tcp", from_port: 443, cidr_blocks: WORLD }]), rawShape: INLINE },
    {
      name: "egress to anywhere is not ingress",
      expect: ["pass"],
      resources: { aws_security_group: { sg: { description: "d", egress: [{ protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: WORLD }] } } },
      rawShape: INLINE,
    },
    { name: "HTTPS when only HTTP is public", expect: ["fail", "ingress[0] admits tcp 443 from 0.0.0.0/0"], settings: { publicIngressPorts: [80] }, resources: inline([{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: WORLD }]), rawShape: INLINE },
    { name: "a rule resource for HTTPS", expect: ["pass"], resources: sgRule({ type: "ingress", protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: WORLD }) },
    { name: "a rule resource for SSH", expect: ["fail", "admits tcp 22 from 0.0.0.0/0"], resources: sgRule({ type: "ingress", protocol: "tcp", from_port: 22, to_port: 22, cidr_blocks: WORLD }) },
    { name: "UDP on a public port", expect: ["pass"], resources: sgRule({ type: "ingress", protocol: "udp", from_port: 443, to_port: 443, cidr_blocks: WORLD }) },
    { name: "a port from an expression", expect: ["fail", /^admits tcp .* from 0\.0\.0\.0\/0$/], resources: sgRule({ type: "ingress", protocol: "tcp", from_port: "${var.port}", to_port: "${var.port}", cidr_blocks: WORLD }), rawShape: "an expression where the schema has a number" },
    { name: "a rule resource for PostgreSQL", expect: ["fail", "admits tcp 5432 from ::/0"], resources: sgRule({ type: "ingress", protocol: "tcp", from_port: 5432, to_port: 5432, ipv6_cidr_blocks: ["::/0"] }) },
    { name: "an egress rule resource", expect: ["pass"], resources: sgRule({ type: "egress", protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: WORLD }) },
    { name: "an ingress rule of all protocols", expect: ["fail", "admits all traffic from 0.0.0.0/0"], resources: vpcIngress({ ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" }) },
    { name: "an ingress rule named all", expect: ["fail", "admits all traffic from ::/0"], resources: vpcIngress({ ip_protocol: "ALL", cidr_ipv6: "::/0" }) },
    { name: "an ingress rule for HTTP", expect: ["pass"], resources: vpcIngress({ ip_protocol: "tcp", from_port: 80, to_port: 80, cidr_ipv4: "0.0.0.0/0" }) },
    { name: "an ingress rule with protocol number 17", expect: ["pass"], resources: vpcIngress({ ip_protocol: "17", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" }) },
    { name: "a rule without a protocol", expect: ["fail", "admits all traffic from 0.0.0.0/0"], resources: vpcIngress({ cidr_ipv4: "0.0.0.0/0" }), rawShape: "ip_protocol is required; absent stands for an override that removed it" },
  ],
  "KIT-SG-002": [
    {
      name: "a described group and rules",
      expect: ["pass"],
      resources: inline([{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: WORLD, description: "HTTPS from clients" }]),
      rawShape: INLINE,
    },
    {
      name: "Terraform's default description and an undescribed rule",
      expect: ["fail", "the security group has no description; ingress[0] has no description"],
      resources: inline([{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: WORLD }], { description: "Managed by Terraform" }),
      rawShape: INLINE,
    },
    { name: "no description", expect: ["fail", "the security group has no description"], resources: { aws_security_group: { sg: { vpc_id: "v" } } } },
    { name: "a described rule resource", expect: ["pass"], resources: sgRule({ type: "ingress", protocol: "tcp", from_port: 5432, to_port: 5432, source_security_group_id: "app" }) },
    { name: "an undescribed rule resource", expect: ["fail", "the rule has no description"], resources: { aws_security_group_rule: { r: { security_group_id: "sg", type: "egress", protocol: "-1", from_port: 0, to_port: 0 } } } },
    { name: "an undescribed egress rule", expect: ["fail", "the rule has no description"], resources: vpcEgress({ ip_protocol: "-1", cidr_ipv4: "10.0.0.0/16" }) },
    { name: "a described egress rule", expect: ["pass"], resources: vpcEgress({ ip_protocol: "-1", cidr_ipv4: "10.0.0.0/16", description: "to the VPC" }) },
    { name: "an undescribed ingress rule", expect: ["fail", "the rule has no description"], resources: { aws_vpc_security_group_ingress_rule: { r: { security_group_id: "sg", ip_protocol: "tcp", from_port: 443, to_port: 443 } } } },
  ],
});
