import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformStack } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { throwIfProblems, type Problem } from "../../common/problems";
import type { Network } from "../network/network";

/** A security group made outside this kit's constructs (e.g. the EKS cluster security group), with a name for ids. */
export interface SecurityGroupReference {
  /** Short stable name, used in rule ids and descriptions, e.g. `eks-cluster`. */
  readonly name: string;
  readonly securityGroupId: string;
}

/**
 * Who may connect: a security group, a construct that owns one, or a reference to one made elsewhere.
 * Deliberately no CIDR form: the data tier is reachable from workloads, never from address ranges.
 */
export type SecurityGroupPeer = SecurityGroup | { readonly securityGroup: SecurityGroup } | SecurityGroupReference;

export interface DataSecurityGroupProps {
  /** Security group name, e.g. `aec-platform-prod-postgres`. */
  readonly name: string;
  /** The service behind the group, for descriptions, e.g. `PostgreSQL`. */
  readonly service: string;
  readonly network: Network;
  /** TCP port clients connect on. */
  readonly port: number;
}

/**
 * The security group in front of one data service: no rules until `allowFrom` admits a peer on the service's port,
 * and no egress (Terraform drops AWS's default allow-all egress), because managed data services never dial out.
 */
export class DataSecurityGroup extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly port: number;
  readonly service: string;
  readonly name: string;
  private readonly rules = new Map<string, VpcSecurityGroupIngressRule>();

  constructor(scope: Construct, id: string, props: DataSecurityGroupProps) {
    super(scope, id);
    const problems: Problem[] = [];
    if (!Number.isInteger(props.port) || props.port < 1 || props.port > 65535) {
      problems.push({
        field: `${this.node.path}.port`,
        value: props.port,
        expected: "a TCP port from 1 to 65535",
        fix: "use the service's listener port, e.g. 5432 for PostgreSQL",
      });
    }
    throwIfProblems("DataSecurityGroup props", problems);
    this.port = props.port;
    this.service = props.service;
    this.name = props.name;
    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: props.name,
      description: `${props.service} on TCP ${props.port}: admits only the security groups granted access`,
      vpcId: props.network.vpcId,
      tags: { Name: props.name },
    });
  }

  /**
   * Admits `peer` on the service port (or on `port`, a second listener of the same service such as a management
   * API); calling it again for the same peer and port returns the existing rule.
   */
  allowFrom(peer: SecurityGroupPeer, description?: string, port: number = this.port): VpcSecurityGroupIngressRule {
    const resolved = resolvePeer(peer);
    const { label, securityGroupId } = resolved;
    // The service port keeps the ids it always had; another port gets its own rule beside it.
    const key = port === this.port ? resolved.key : `${resolved.key}-${port}`;
    const existing = this.rules.get(key);
    if (existing) return existing;
    const rule = new VpcSecurityGroupIngressRule(this, `from-${key}`, {
      securityGroupId: this.securityGroup.id,
      description: description ?? `${this.service} from ${label}`,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: securityGroupId,
      tags: { Name: `${this.name}-from-${key}` },
    });
    this.rules.set(key, rule);
    return rule;
  }
}

const REFERENCE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Stable id and label of a peer: the construct path below the stack, or the reference's name. */
export function resolvePeer(peer: SecurityGroupPeer): { key: string; label: string; securityGroupId: string } {
  if (peer instanceof SecurityGroup) return { ...pathKey(peer), securityGroupId: peer.id };
  if ("securityGroup" in peer) return { ...pathKey(peer.securityGroup), securityGroupId: peer.securityGroup.id };
  throwIfProblems(
    "security group peer",
    REFERENCE_NAME.test(peer.name)
      ? []
      : [
          {
            field: "peer.name",
            value: peer.name,
            expected: "lower-case letters, digits and dashes, at most 63 characters (it becomes part of a rule id)",
            fix: 'name the peer after its role, e.g. "eks-cluster"',
          },
        ],
  );
  return { key: peer.name, label: `security group ${peer.name}`, securityGroupId: peer.securityGroupId };
}

function pathKey(sg: IConstruct): { key: string; label: string } {
  return { key: constructKey(sg), label: idsBelowStack(sg).join("/") };
}

/** The construct's path below its stack as one id-safe word, e.g. `database-security-group`. */
export function constructKey(c: IConstruct): string {
  return idsBelowStack(c)
    .join("-")
    .replace(/[^a-zA-Z0-9-]/g, "-");
}

function idsBelowStack(c: IConstruct): string[] {
  const scopes = c.node.scopes;
  const stack = TerraformStack.of(c);
  return scopes.slice(scopes.indexOf(stack) + 1).map((s) => s.node.id);
}
