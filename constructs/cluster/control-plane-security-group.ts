import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import type { Network } from "../network/network";

export interface ControlPlaneSecurityGroupProps {
  readonly name: string;
  readonly network: Network;
  /** CIDRs that may call the Kubernetes API on the private endpoint. */
  readonly apiAccessCidrs: readonly string[];
}

/**
 * Additional security group of the control plane's network interfaces. EKS's own cluster security group already
 * lets nodes and control plane talk to each other; this one admits the API port from in-VPC tooling (CI runners,
 * VPN) and nothing else. It has no egress rules: the cluster security group's cover the control plane.
 */
export class ControlPlaneSecurityGroup extends Construct {
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: ControlPlaneSecurityGroupProps) {
    super(scope, id);
    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: props.name,
      description: "EKS control plane: Kubernetes API from inside the VPC",
      vpcId: props.network.vpcId,
      tags: { Name: props.name },
    });
    for (const cidr of props.apiAccessCidrs) {
      new VpcSecurityGroupIngressRule(this, `api-from-${cidr.replace(/[./]/g, "-")}`, {
        securityGroupId: this.securityGroup.id,
        description: `Kubernetes API (private endpoint) from ${cidr}`,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: cidr,
      });
    }
  }
}
