import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Construct } from "constructs";
import type { Network } from "../network/network";
import { constructKey, type DataSecurityGroup, type SecurityGroupPeer } from "./security-group";

/** A data service that admits peers through its security group (database, cache, broker). */
export interface DataService {
  readonly connections: DataSecurityGroup;
  allowFrom(peer: SecurityGroupPeer, description?: string): void;
}

export interface DataClientsSecurityGroupProps {
  /** Security group name, e.g. `aec-platform-prod-data-clients`. */
  readonly name: string;
  readonly network: Network;
}

/**
 * The application tier's membership card for the data tier: attach it to EKS nodes and Lambdas that use the
 * database, cache or broker. `connectTo` opens exactly the service port, in both directions of the pair of groups,
 * so workloads that carry only this group reach the data tier and nothing else.
 */
export class DataClientsSecurityGroup extends Construct {
  readonly securityGroup: SecurityGroup;
  private readonly name: string;
  private readonly connected = new Set<DataSecurityGroup>();

  constructor(scope: Construct, id: string, props: DataClientsSecurityGroupProps) {
    super(scope, id);
    this.name = props.name;
    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: props.name,
      description: "Application-tier workloads (EKS nodes, Lambdas) allowed to reach the data tier",
      vpcId: props.network.vpcId,
      tags: { Name: props.name },
    });
  }

  /** Lets members reach `service` on its port: an egress rule here and an ingress rule on the service's group. */
  connectTo(service: DataService): void {
    const target = service.connections;
    if (this.connected.has(target)) return;
    this.connected.add(target);
    service.allowFrom(this);
    new VpcSecurityGroupEgressRule(this, `to-${constructKey(target)}`, {
      securityGroupId: this.securityGroup.id,
      description: `${target.service} on TCP ${target.port}`,
      ipProtocol: "tcp",
      fromPort: target.port,
      toPort: target.port,
      referencedSecurityGroupId: target.securityGroup.id,
      tags: { Name: `${this.name}-to-${target.name}` },
    });
  }
}
