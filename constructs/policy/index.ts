// Public API of the policy pack.
export { applyPolicyPack, type PolicyPackHandle, type PolicyPackOptions } from "./apply-policy-pack";
export { customerKey, type KeyVerdict } from "./customer-key";
export {
  evaluate,
  UNUSED_SUPPRESSION_RULE,
  type EvaluateOptions,
  type Finding,
  type FindingStatus,
  type PolicyReport,
  type RuleSummary,
  type SuppressionUse,
} from "./evaluate";
export { readPolicy, type Statement } from "./policy-document";
export { KIT_RULES } from "./registry";
export { formatErrors, formatPackErrors, renderJson, renderMarkdown, warningSummary } from "./report";
export { StackIndex, parseReference, type TfResource } from "./stack-index";
export { collectSuppressions, suppress, MIN_REASON_LENGTH, type Suppression } from "./suppressions";
export {
  DEFAULT_SETTINGS,
  defineRule,
  fail,
  notApplicable,
  pass,
  type Level,
  type Outcome,
  type PolicySettings,
  type Rule,
  type RuleContext,
  type ScannerRefs,
} from "./types";
export { DEPRECATED_LAMBDA_RUNTIMES, type VersionLookup, type VersionSubject, type VersionVerdict } from "./versions";
