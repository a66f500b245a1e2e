import { defineRule, fail, pass } from "../../types";
import { blocks, flag } from "../../values";

export default defineRule({
  id: "KIT-EC2-004",
  level: "error",
  description: "Instances and launch templates do not associate public IP addresses.",
  fix: "Remove associate_public_ip_address (or set it to false) and place nodes in private subnets.",
  refs: { checkov: ["CKV_AWS_88"], fsbp: ["EC2.9", "EC2.25"] },
  appliesTo: ["aws_launch_template", "aws_instance"],
  check: ({ type, config }) => {
    const values =
      type === "aws_instance"
        ? [config["associate_public_ip_address"]]
        : blocks(config["network_interfaces"]).map((n) => n["associate_public_ip_address"]);
    return values.some((v) => flag(v, false) === true) ? fail("associate_public_ip_address is true") : pass();
  },
});
