import { defineRule, fail, pass } from "../../types";
import { stringList } from "../../values";

export default defineRule({
  id: "KIT-IAM-007",
  level: "error",
  description: "Permissions go to roles, never directly to IAM users (whose keys are long-lived).",
  fix: "Grant the permissions to a role that the workload or person assumes.",
  refs: { checkov: ["CKV_AWS_40"], fsbp: ["IAM.2"] },
  appliesTo: ["aws_iam_user_policy", "aws_iam_user_policy_attachment", "aws_iam_policy_attachment"],
  check: ({ type, config }) => {
    if (type === "aws_iam_policy_attachment" && stringList(config["users"]).length === 0) return pass("attached to roles or groups only");
    return fail("grants permissions directly to an IAM user");
  },
});
