import { defineRule, failIfAny } from "../../types";
import { stringList } from "../../values";

const ADMIN_POLICIES = /:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;
const ATTRIBUTES: Readonly<Record<string, string>> = {
  aws_iam_role_policy_attachment: "policy_arn",
  aws_iam_user_policy_attachment: "policy_arn",
  aws_iam_group_policy_attachment: "policy_arn",
  aws_iam_policy_attachment: "policy_arn",
  aws_iam_role_policy_attachments_exclusive: "policy_arns",
  aws_iam_role: "managed_policy_arns",
};

export default defineRule({
  id: "KIT-IAM-006",
  level: "error",
  description: "No role, user or group gets the AdministratorAccess, PowerUserAccess or IAMFullAccess managed policy.",
  fix: "Attach a least-privilege policy rendered by the construct's grant methods instead.",
  refs: { checkov: ["CKV_AWS_274"] },
  appliesTo: Object.keys(ATTRIBUTES),
  check: ({ type, config }) =>
    failIfAny(stringList(config[ATTRIBUTES[type]!]).filter((arn) => ADMIN_POLICIES.test(arn)).map((arn) => `attaches ${arn}`)),
});
