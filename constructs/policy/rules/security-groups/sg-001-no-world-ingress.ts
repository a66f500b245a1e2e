import { onlyPorts, portText, sgRules, WORLD_CIDRS } from "../shared/security-group-rules";
import { defineRule, failIfAny } from "../../types";

export default defineRule({
  id: "KIT-SG-001",
  level: "error",
  description: "No security group admits 0.0.0.0/0 or ::/0 except on the public load balancer ports (80, 443 by default).",
  fix: "Allow the peer security group (e.g. db.allowFrom(app)) or a private CIDR instead of the whole internet.",
  refs: { checkov: ["CKV_AWS_24", "CKV_AWS_25"], trivy: ["AVD-AWS-0107"], fsbp: ["EC2.18", "EC2.19"] },
  appliesTo: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  check: (resource, { settings }) =>
    failIfAny(
      sgRules(resource)
        .filter((r) => r.direction === "ingress" && r.cidrs.some((c) => WORLD_CIDRS.has(c)))
        .filter((r) => !onlyPorts(r, settings.publicIngressPorts))
        .map((r) => `${r.label ? `${r.label} ` : ""}admits ${portText(r)} from ${r.cidrs.filter((c) => WORLD_CIDRS.has(c)).join(", ")}`),
    ),
});
