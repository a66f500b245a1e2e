import { defineRule, fail, notApplicable, pass } from "../../types";
import { nested } from "../../values";

export default defineRule({
  id: "KIT-EC2-001",
  level: "error",
  description: "Instances and launch templates require IMDSv2 session tokens.",
  fix: 'Set metadata_options { http_tokens = "required" } (or http_endpoint = "disabled").',
  refs: { checkov: ["CKV_AWS_79"], trivy: ["AVD-AWS-0028", "AVD-AWS-0130"], fsbp: ["EC2.8"] },
  appliesTo: ["aws_launch_template", "aws_instance"],
  check: ({ type, config }) => {
    if (type === "aws_instance" && config["launch_template"] !== undefined && config["metadata_options"] === undefined) {
      return notApplicable;
    }
    const options = nested(config, "metadata_options");
    if (options?.["http_endpoint"] === "disabled") return pass("instance metadata endpoint disabled");
    return options?.["http_tokens"] === "required"
      ? pass()
      : fail(`metadata_options.http_tokens is ${JSON.stringify(options?.["http_tokens"] ?? null)}, so IMDSv1 is allowed`);
  },
});
