import { defineRule, fail, failIfAny, pass } from "../../types";
import { blocks, flag, nested } from "../../values";

export default defineRule({
  id: "KIT-EC2-005",
  level: "error",
  description: "EBS volumes of instances, launch templates and standalone volumes are encrypted.",
  fix: "Set encrypted = true on each EBS volume (block_device_mappings[].ebs, root_block_device, aws_ebs_volume).",
  refs: { checkov: ["CKV_AWS_3", "CKV_AWS_8"], trivy: ["AVD-AWS-0026"] },
  appliesTo: ["aws_launch_template", "aws_instance", "aws_ebs_volume"],
  check: ({ type, config }) => {
    if (type === "aws_ebs_volume") {
      return flag(config["encrypted"], false) === false ? fail("encrypted is not true") : pass();
    }
    if (type === "aws_instance") {
      const root = nested(config, "root_block_device");
      const volumes = [...(root ? [root] : []), ...blocks(config["ebs_block_device"])];
      if (volumes.length === 0) return fail("no root_block_device, so encryption depends on the AMI and account default");
      return failIfAny(volumes.filter((v) => flag(v["encrypted"], false) === false).map(() => "a volume is not encrypted"));
    }
    const mappings = blocks(config["block_device_mappings"]);
    if (mappings.length === 0) return fail("no block_device_mappings, so encryption depends on the AMI and account default");
    return failIfAny(
      mappings
        .filter((m) => flag(nested(m, "ebs")?.["encrypted"], false) === false)
        .map((m) => `${String(m["device_name"] ?? "a device")} is not encrypted`),
    );
  },
});
