import { ruleSuite } from "./harness";

const vpc = { aws_vpc: { v: { cidr_block: "10.0.0.0/16" } } };
const VPC_REF = "${aws_vpc.v.id}";

ruleSuite("vpc", {
  "KIT-VPC-001": [
    { name: "a flow log", expect: ["pass"], resources: { ...vpc, aws_flow_log: { f: { vpc_id: VPC_REF, traffic_type: "ALL" } } } },
    { name: "none", expect: ["fail", "no aws_flow_log references this VPC"], resources: vpc },
    { name: "a flow log of another VPC", expect: ["fail", "no aws_flow_log references this VPC"], resources: { ...vpc, aws_flow_log: { f: { vpc_id: "${aws_vpc.other.id}", traffic_type: "ALL" } } } },
  ],
  "KIT-VPC-002": [
    { name: "adopted with no rules", expect: ["pass"], resources: { ...vpc, aws_default_security_group: { d: { vpc_id: VPC_REF } } } },
    { name: "not adopted", expect: ["fail", "the default security group is not managed, so it keeps AWS's allow rules"], resources: vpc },
    {
      name: "adopted with rules",
      expect: ["fail", "the default security group has rules (aws_default_security_group.d)"],
      resources: { ...vpc, aws_default_security_group: { d: { vpc_id: VPC_REF, egress: [{ protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: ["0.0.0.0/0"] }] } } },
      rawShape: "the binding renders every optional field of an inline rule",
    },
    {
      name: "two adopted groups with rules",
      expect: ["fail", "the default security group has rules (aws_default_security_group.a, aws_default_security_group.b)"],
      resources: {
        ...vpc,
        aws_default_security_group: {
          a: { vpc_id: VPC_REF, ingress: [{ protocol: "-1", from_port: 0, to_port: 0, self: true }] },
          b: { vpc_id: "${aws_vpc.v.default_security_group_id}", egress: [{ protocol: "-1", from_port: 0, to_port: 0 }] },
        },
      },
      rawShape: "the binding renders every optional field of an inline rule",
    },
  ],
  "KIT-VPC-003": [
    { name: "ALL", expect: ["pass"], resources: { aws_flow_log: { f: { vpc_id: VPC_REF, traffic_type: "ALL" } } } },
    { name: "REJECT", expect: ["fail", 'traffic_type is "REJECT"'], resources: { aws_flow_log: { f: { vpc_id: VPC_REF, traffic_type: "REJECT" } } } },
    { name: "unset", expect: ["fail", "traffic_type is null"], resources: { aws_flow_log: { f: { vpc_id: VPC_REF } } } },
  ],
});
