import type { Outcome, RuleContext } from "../../types";
import { fail, pass } from "../../types";
import { isExpression, text } from "../../values";
import type { VersionSubject } from "../../versions";

/**
 * A version must be pinned (an unset version is whatever the service defaults to on the day of the apply) and,
 * when the catalog covers the subject, supported.
 */
export function versionOutcome(subject: VersionSubject | undefined, value: unknown, what: string, context: RuleContext): Outcome {
  const version = text(value);
  if (version === undefined) return fail(`${what} version is not pinned, so it changes with the provider's default`);
  if (isExpression(version)) return pass(`${what} version comes from an expression (${version}); not checked`);
  if (!subject || !context.versions) return pass(`${what} ${version} is pinned; no version catalog consulted`);
  const verdict = context.versions(subject, version);
  if (verdict === undefined) return pass(`${what} ${version} is pinned; the catalog does not cover ${subject}`);
  if (!verdict.supported) return fail(`${what} ${version} is not supported${verdict.detail ? `: ${verdict.detail}` : ""}`);
  return pass(verdict.detail ? `${what} ${version}: ${verdict.detail}` : undefined);
}
