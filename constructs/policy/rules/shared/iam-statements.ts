import { describe, readPolicy, type Statement } from "../../policy-document";
import type { StackIndex, TfResource } from "../../stack-index";
import { fail, notApplicable, pass, type Outcome } from "../../types";
import { blocks, text } from "../../values";

/** Resources holding identity-based policies (what a principal may do). */
export const IDENTITY_POLICY_TYPES = ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role"];

/** Resource-based policies (who may use a resource) and the attribute holding each. */
export const RESOURCE_POLICY_ATTRIBUTES: Readonly<Record<string, string>> = {
  aws_s3_bucket_policy: "policy",
  aws_s3_bucket: "policy",
  aws_sqs_queue_policy: "policy",
  aws_sqs_queue: "policy",
  aws_sns_topic_policy: "policy",
  aws_sns_topic: "policy",
  aws_kms_key: "policy",
  aws_kms_key_policy: "policy",
  aws_msk_cluster_policy: "policy",
  aws_secretsmanager_secret_policy: "policy",
  aws_secretsmanager_secret: "policy",
  aws_ecr_repository_policy: "policy",
  aws_ecr_registry_policy: "policy",
  aws_cloudwatch_log_resource_policy: "policy_document",
  aws_efs_file_system_policy: "policy",
  aws_api_gateway_rest_api_policy: "policy",
};

interface LabelledPolicy {
  readonly label: string;
  readonly value: unknown;
}

export function identityPolicies(resource: TfResource): LabelledPolicy[] {
  if (resource.type !== "aws_iam_role") return [{ label: "policy", value: resource.config["policy"] }];
  return blocks(resource.config["inline_policy"]).map((p) => ({ label: `inline_policy "${text(p["name"]) ?? ""}"`, value: p["policy"] }));
}

/**
 * Runs `problem` on every statement of the given policies (not applicable when there are none, e.g. a role without
 * inline policies). Policies only Terraform can render (e.g. jsonencode of unknown values) pass with a note, since
 * nothing at synth time can read them.
 */
export function checkStatements(
  policies: readonly LabelledPolicy[],
  stack: StackIndex,
  problem: (s: Statement) => string | undefined,
): Outcome {
  if (policies.length === 0) return notApplicable;
  const problems: string[] = [];
  const unreadable: string[] = [];
  for (const { label, value } of policies) {
    const read = readPolicy(value, stack);
    if ("unreadable" in read) {
      unreadable.push(`${label}: ${read.unreadable}`);
      continue;
    }
    read.statements.forEach((s, i) => {
      const found = problem(s);
      if (found) problems.push(`${policies.length > 1 ? `${label} ` : ""}${describe(s, i)} ${found}`);
    });
  }
  if (problems.length > 0) return fail(problems.join("; "));
  return unreadable.length > 0 ? pass(`not checked: ${unreadable.join("; ")}`) : pass();
}

/** True for principals that match anyone: "*", { AWS: "*" }, or an AWS principal with a wildcard account. */
export function isAnyone(s: Statement): boolean {
  if (!s.principals) return false;
  return s.principals.anyone || s.principals.aws.some((p) => /^arn:[^:]*:iam::\*:/.test(p));
}
