// The pure core of the pack: synthesized stack JSON + rules + suppressions in, a sorted report out.

import { StackIndex, type TfResource } from "./stack-index";
import { covers, type Suppression } from "./suppressions";
import { DEFAULT_SETTINGS, type Level, type Outcome, type PolicySettings, type Rule, type RuleContext, type ScannerRefs } from "./types";
import type { VersionLookup } from "./versions";

/** Pseudo-rule under which suppressions that suppressed nothing are reported. */
export const UNUSED_SUPPRESSION_RULE = "KIT-PACK-001";

export type FindingStatus = "pass" | "fail" | "suppressed";

export interface Finding {
  readonly rule: string;
  readonly level: Level;
  readonly status: FindingStatus;
  /** Terraform address, or the construct path of an unused suppression. */
  readonly address: string;
  readonly path?: string;
  /** Why it failed (fail, suppressed) or a remark on how it passed. */
  readonly message?: string;
  readonly fix?: string;
  /** The suppression's reason (suppressed). */
  readonly reason?: string;
}

export interface RuleSummary {
  readonly id: string;
  readonly level: Level;
  readonly description: string;
  readonly fix: string;
  readonly refs?: ScannerRefs;
}

export interface SuppressionUse extends Suppression {
  /** How many failing findings it turned into suppressed ones. */
  readonly suppressed: number;
}

/** A rule that threw: a defect of the pack, never a finding about the stack (so it cannot be suppressed). */
export interface PackError {
  readonly rule: string;
  readonly address: string;
  readonly message: string;
}

export interface PolicyReport {
  readonly stack: string;
  readonly settings: PolicySettings;
  readonly counts: {
    readonly resources: number;
    readonly pass: number;
    readonly errors: number;
    readonly warnings: number;
    readonly suppressed: number;
    /** Rule evaluations that threw (see packErrors): any means the report cannot be trusted. */
    readonly packErrors: number;
  };
  /** Sorted by rule id, then address (then message). */
  readonly findings: readonly Finding[];
  readonly suppressions: readonly SuppressionUse[];
  /** Metadata of every rule that produced a finding, by id. */
  readonly rules: readonly RuleSummary[];
  /** Rules that threw instead of judging a resource; any fails the synth. */
  readonly packErrors: readonly PackError[];
}

export interface EvaluateOptions {
  readonly settings?: Partial<PolicySettings>;
  readonly versions?: VersionLookup;
  readonly suppressions?: readonly Suppression[];
  /** Used when the JSON carries no cdktf metadata. */
  readonly stackName?: string;
}

export function evaluate(stackJson: unknown, rules: readonly Rule[], options: EvaluateOptions = {}): PolicyReport {
  const stack = new StackIndex(stackJson, options.stackName);
  const settings: PolicySettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const context: RuleContext = { stack, settings, ...(options.versions ? { versions: options.versions } : {}) };
  const suppressions = options.suppressions ?? [];
  const used = new Map<Suppression, number>();
  const findings: Finding[] = [];
  const packErrors: PackError[] = [];
  const suppressionFor = (rule: Rule, resource: TfResource) =>
    suppressions.find((s) => s.ruleId === rule.id && covers(s, resource.path));

  for (const rule of rules) {
    for (const type of rule.appliesTo) {
      for (const resource of stack.ofType(type)) {
        const outcome = runRule(rule, resource, context);
        if ("thrown" in outcome) {
          packErrors.push({ rule: rule.id, address: resource.address, message: outcome.thrown });
          // A suppression aimed here is not "unused": the rule never got to judge the resource.
          const aimed = suppressionFor(rule, resource);
          if (aimed) used.set(aimed, used.get(aimed) ?? 0);
          continue;
        }
        if (outcome.status === "n/a") continue;
        const base = { rule: rule.id, level: rule.level, address: resource.address, ...(resource.path ? { path: resource.path } : {}) };
        if (outcome.status === "pass") {
          findings.push({ ...base, status: "pass", ...(outcome.note ? { message: outcome.note } : {}) });
          continue;
        }
        const suppression = suppressionFor(rule, resource);
        if (suppression) {
          used.set(suppression, (used.get(suppression) ?? 0) + 1);
          findings.push({ ...base, status: "suppressed", message: outcome.message, reason: suppression.reason });
        } else {
          findings.push({ ...base, status: "fail", message: outcome.message, fix: rule.fix });
        }
      }
    }
  }

  const known = new Set(rules.map((r) => r.id));
  for (const s of suppressions) {
    if (used.has(s)) continue;
    findings.push({
      rule: UNUSED_SUPPRESSION_RULE,
      level: "warning",
      status: "fail",
      address: s.path,
      path: s.path,
      message: known.has(s.ruleId)
        ? `suppression of ${s.ruleId} matches no failing resource under ${s.path}`
        : `suppression names ${s.ruleId}, which is not a rule of this pack`,
      fix: "remove the suppression, or attach it to the construct that holds the failing resource",
    });
  }

  findings.sort(compareFindings);
  return {
    stack: stack.name,
    settings,
    counts: {
      resources: stack.resources.length,
      pass: findings.filter((f) => f.status === "pass").length,
      errors: findings.filter((f) => f.status === "fail" && f.level === "error").length,
      warnings: findings.filter((f) => f.status === "fail" && f.level === "warning").length,
      suppressed: findings.filter((f) => f.status === "suppressed").length,
      packErrors: packErrors.length,
    },
    findings,
    suppressions: suppressions
      .map((s) => ({ ...s, suppressed: used.get(s) ?? 0 }))
      .sort((a, b) => compare(a.ruleId, b.ruleId) || compare(a.path, b.path)),
    rules: summarize(rules, findings),
    packErrors: packErrors.sort((a, b) => compare(a.rule, b.rule) || compare(a.address, b.address)),
  };
}

/** A rule that throws must not hide the others, and must not pass for a finding either: it is reported apart. */
function runRule(rule: Rule, resource: Parameters<Rule["check"]>[0], context: RuleContext): Outcome | { readonly thrown: string } {
  try {
    return rule.check(resource, context);
  } catch (e) {
    return { thrown: e instanceof Error ? e.message : String(e) };
  }
}

function summarize(rules: readonly Rule[], findings: readonly Finding[]): RuleSummary[] {
  const seen = new Set(findings.map((f) => f.rule));
  const summaries: RuleSummary[] = rules
    .filter((r) => seen.has(r.id))
    .map((r) => ({ id: r.id, level: r.level, description: r.description, fix: r.fix, ...(r.refs ? { refs: r.refs } : {}) }));
  if (seen.has(UNUSED_SUPPRESSION_RULE)) {
    summaries.push({
      id: UNUSED_SUPPRESSION_RULE,
      level: "warning",
      description: "Every suppression suppresses at least one failing finding.",
      fix: "Remove suppressions that no longer match anything.",
    });
  }
  return summaries.sort((a, b) => compare(a.id, b.id));
}

function compareFindings(a: Finding, b: Finding): number {
  return compare(a.rule, b.rule) || compare(a.address, b.address) || compare(a.message ?? "", b.message ?? "");
}

/** Locale-independent ordering, so reports are byte-identical on every machine. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
