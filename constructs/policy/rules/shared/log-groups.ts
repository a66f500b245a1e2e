import type { StackIndex, TfResource } from "../../stack-index";
import type { Outcome } from "../../types";
import { fail, pass } from "../../types";
import { isExpression, text } from "../../values";

/**
 * Services (Lambda, EKS) create their log group on first write with no expiry and no KMS key unless it already
 * exists. Passes when this stack creates the group named `expectedName`.
 */
export function precreatedLogGroup(stack: StackIndex, expectedName: string | undefined, owner: string): Outcome {
  if (expectedName === undefined) return pass(`${owner} has no literal name; its log group could not be matched`);
  const group = stack.ofType("aws_cloudwatch_log_group").find((g: TfResource) => text(g.config["name"]) === expectedName);
  return group
    ? pass()
    : fail(`no aws_cloudwatch_log_group named "${expectedName}" in this stack, so ${owner} creates one that never expires`);
}

/** A literal name, or undefined when the name is an expression that only Terraform can evaluate. */
export function literalName(value: unknown): string | undefined {
  const name = text(value);
  return name === undefined || isExpression(name) ? undefined : name;
}
