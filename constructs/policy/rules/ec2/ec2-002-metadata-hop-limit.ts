import { defineRule, fail, notApplicable, pass } from "../../types";
import { nested, numberOf } from "../../values";

export default defineRule({
  id: "KIT-EC2-002",
  level: "error",
  description: "The instance metadata response hop limit is 1, so containers cannot reach the node's credentials.",
  fix: "Set metadata_options { http_put_response_hop_limit = 1 }; pods get AWS credentials from Pod Identity or IRSA.",
  refs: { checkov: ["CKV_AWS_341"] },
  appliesTo: ["aws_launch_template", "aws_instance"],
  check: ({ type, config }) => {
    if (type === "aws_instance" && config["launch_template"] !== undefined && config["metadata_options"] === undefined) {
      return notApplicable;
    }
    const options = nested(config, "metadata_options");
    if (options?.["http_endpoint"] === "disabled") return pass("instance metadata endpoint disabled");
    const limit = numberOf(options?.["http_put_response_hop_limit"]);
    if (limit === "unknown") return pass("hop limit comes from an expression; not checked");
    return limit === 1 ? pass() : fail(`http_put_response_hop_limit is ${limit ?? "unset (the AMI default, often 2)"}`);
  },
});
