// One shape for the three ways Terraform expresses a security group rule: inline ingress/egress lists on
// aws_security_group, aws_security_group_rule, and aws_vpc_security_group_{ingress,egress}_rule.

import type { TfResource } from "../../stack-index";
import { blocks, numberOf, stringList, text } from "../../values";

export interface SgRule {
  readonly direction: "ingress" | "egress";
  /** e.g. `ingress[0]` for inline rules; empty for rule resources. */
  readonly label: string;
  readonly protocol: string;
  readonly fromPort: number | undefined;
  readonly toPort: number | undefined;
  readonly cidrs: readonly string[];
  readonly description: string | undefined;
}

export const WORLD_CIDRS: ReadonlySet<string> = new Set(["0.0.0.0/0", "::/0"]);

export function sgRules(resource: TfResource): SgRule[] {
  const c = resource.config;
  switch (resource.type) {
    case "aws_security_group":
    case "aws_default_security_group":
      return (["ingress", "egress"] as const).flatMap((direction) =>
        blocks(c[direction]).map((r, i) => ({
          direction,
          label: `${direction}[${i}]`,
          protocol: String(r["protocol"] ?? "-1"),
          fromPort: port(r["from_port"]),
          toPort: port(r["to_port"]),
          cidrs: [...stringList(r["cidr_blocks"]), ...stringList(r["ipv6_cidr_blocks"])],
          description: text(r["description"]),
        })),
      );
    case "aws_security_group_rule":
      return [
        {
          direction: c["type"] === "egress" ? "egress" : "ingress",
          label: "",
          protocol: String(c["protocol"] ?? "-1"),
          fromPort: port(c["from_port"]),
          toPort: port(c["to_port"]),
          cidrs: [...stringList(c["cidr_blocks"]), ...stringList(c["ipv6_cidr_blocks"])],
          description: text(c["description"]),
        },
      ];
    case "aws_vpc_security_group_ingress_rule":
    case "aws_vpc_security_group_egress_rule":
      return [
        {
          direction: resource.type.endsWith("ingress_rule") ? "ingress" : "egress",
          label: "",
          protocol: String(c["ip_protocol"] ?? "-1"),
          fromPort: port(c["from_port"]),
          toPort: port(c["to_port"]),
          cidrs: [...stringList(c["cidr_ipv4"]), ...stringList(c["cidr_ipv6"])],
          description: text(c["description"]),
        },
      ];
    default:
      return [];
  }
}

/** True when the rule admits only ports in `allowed` (a protocol of -1 or "all" admits every port). */
export function onlyPorts(rule: SgRule, allowed: readonly number[]): boolean {
  const protocol = rule.protocol.toLowerCase();
  if (protocol !== "tcp" && protocol !== "udp" && protocol !== "6" && protocol !== "17") return false;
  if (rule.fromPort === undefined || rule.toPort === undefined) return false;
  if (rule.toPort - rule.fromPort >= allowed.length) return false;
  for (let p = rule.fromPort; p <= rule.toPort; p++) if (!allowed.includes(p)) return false;
  return true;
}

export function portText(rule: SgRule): string {
  if (rule.protocol === "-1" || rule.protocol.toLowerCase() === "all") return "all traffic";
  const range = rule.fromPort === rule.toPort ? `${rule.fromPort}` : `${rule.fromPort}-${rule.toPort}`;
  return `${rule.protocol} ${range}`;
}

function port(value: unknown): number | undefined {
  const n = numberOf(value);
  return typeof n === "number" ? n : undefined;
}
