import { defineRule, fail, pass } from "../../types";
import { flag } from "../../values";

export default defineRule({
  id: "KIT-EC2-003",
  level: "error",
  description: "Subnets do not give instances public IP addresses by default.",
  fix: "Set map_public_ip_on_launch = false; load balancers and NAT gateways get their own addresses.",
  refs: { checkov: ["CKV_AWS_130"], trivy: ["AVD-AWS-0164"], fsbp: ["EC2.15"] },
  appliesTo: ["aws_subnet"],
  check: ({ config }) =>
    flag(config["map_public_ip_on_launch"], false) === true ? fail("map_public_ip_on_launch is true") : pass(),
});
