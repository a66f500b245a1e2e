import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import type { InterfaceEndpointService } from "../../common/network";

export interface VpcEndpointsProps {
  readonly name: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly region: string;
  /** Route tables the free S3 gateway endpoint is attached to. */
  readonly gatewayRouteTableIds: readonly string[];
  /** One subnet per AZ for the interface endpoints' network interfaces. */
  readonly interfaceSubnetIds: readonly string[];
  readonly interfaceServices: readonly InterfaceEndpointService[];
}

/** The S3 gateway endpoint, and interface endpoints (private DNS) reachable on 443 from inside the VPC only. */
export class VpcEndpoints extends Construct {
  readonly s3: VpcEndpoint;
  readonly interfaces: Readonly<Partial<Record<InterfaceEndpointService, VpcEndpoint>>>;
  readonly securityGroup?: SecurityGroup;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    this.s3 = new VpcEndpoint(this, "s3", {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: [...props.gatewayRouteTableIds],
      tags: { Name: `${props.name}-s3` },
    });
    const interfaces: Partial<Record<InterfaceEndpointService, VpcEndpoint>> = {};
    this.interfaces = interfaces;
    if (props.interfaceServices.length === 0) return;

    const sg = new SecurityGroup(this, "security-group", {
      name: `${props.name}-vpc-endpoints`,
      description: "Interface VPC endpoints: HTTPS from inside the VPC only",
      vpcId: props.vpcId,
      tags: { Name: `${props.name}-vpc-endpoints` },
    });
    new VpcSecurityGroupIngressRule(this, "https-from-vpc", {
      securityGroupId: sg.id,
      description: "HTTPS to AWS APIs from workloads in the VPC",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.vpcCidr,
    });
    this.securityGroup = sg;
    for (const service of props.interfaceServices) {
      interfaces[service] = new VpcEndpoint(this, service.replace(".", "-"), {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: [...props.interfaceSubnetIds],
        securityGroupIds: [sg.id],
        tags: { Name: `${props.name}-${service}` },
      });
    }
  }
}
