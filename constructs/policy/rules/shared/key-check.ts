import { customerKey } from "../../customer-key";
import type { Outcome, RuleContext } from "../../types";
import { fail, pass } from "../../types";

/** Passes when `value` names a customer-managed KMS key; `attribute` names the field in the failure message. */
export function keyOutcome(value: unknown, attribute: string, context: RuleContext): Outcome {
  const verdict = customerKey(value, context.stack);
  return verdict.ok ? pass(verdict.note) : fail(`${attribute}: ${verdict.reason}`);
}
