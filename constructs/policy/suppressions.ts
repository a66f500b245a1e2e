// Suppressions live on the construct tree (node metadata), so they travel with the construct that needs them and
// cover every resource beneath it. Each carries a reason that ends up in the report.

import type { IConstruct } from "constructs";

const SUPPRESSION_METADATA = "aec-platform-kit:policy-suppression";
export const MIN_REASON_LENGTH = 10;
const RULE_ID = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/;

export interface Suppression {
  readonly ruleId: string;
  readonly reason: string;
  /** Construct path of the scope; applies to resources at this path or beneath it. */
  readonly path: string;
}

/**
 * Accepts findings of `ruleId` for every resource under `scope`, with a reason that reviewers and auditors read.
 * Throws when the reason is shorter than 10 characters or the id is not a rule id.
 */
export function suppress(scope: IConstruct, ruleId: string, reason: string): void {
  const where = scope.node.path || "<app>";
  if (!RULE_ID.test(ruleId)) {
    throw new Error(
      `suppress(${where}): got rule id "${ruleId}"; expected an id like "KIT-EC2-001". Fix: copy the id from the policy report.`,
    );
  }
  const trimmed = reason.trim();
  if (trimmed.length < MIN_REASON_LENGTH) {
    throw new Error(
      `suppress(${where}, "${ruleId}"): got reason "${reason}"; expected at least ${MIN_REASON_LENGTH} characters ` +
        `saying why the finding is acceptable here. Fix: e.g. "public ALB subnets must map public IPs".`,
    );
  }
  if (ownSuppressions(scope).some((s) => s.ruleId === ruleId)) {
    throw new Error(`suppress(${where}, "${ruleId}"): already suppressed on this construct. Fix: keep one suppression.`);
  }
  scope.node.addMetadata(SUPPRESSION_METADATA, { ruleId, reason: trimmed });
}

/** All suppressions on `root` and its descendants, in construct-tree order. */
export function collectSuppressions(root: IConstruct): Suppression[] {
  return root.node.findAll().flatMap((c) => ownSuppressions(c).map((s) => ({ ...s, path: c.node.path })));
}

export function covers(suppression: Suppression, resourcePath: string | undefined): boolean {
  if (resourcePath === undefined) return false;
  return resourcePath === suppression.path || resourcePath.startsWith(`${suppression.path}/`);
}

function ownSuppressions(c: IConstruct): { ruleId: string; reason: string }[] {
  return c.node.metadata
    .filter((m) => m.type === SUPPRESSION_METADATA)
    .map((m) => m.data as { ruleId: string; reason: string });
}
