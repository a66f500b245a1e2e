// The vocabulary of the policy pack: rules, what they are given, and what they return.
// Rules read the synthesized Terraform JSON (snake_case attribute names of AWS provider 6), never construct objects.

import type { StackIndex, TfResource } from "./stack-index";
import type { VersionLookup } from "./versions";

export type Level = "error" | "warning";

/** Public scanner and benchmark ids that check the same thing, so auditors can cross-reference findings. */
export interface ScannerRefs {
  /** Checkov check ids, e.g. `CKV_AWS_16`. */
  readonly checkov?: readonly string[];
  /** Trivy (AVD) ids, e.g. `AVD-AWS-0080`. */
  readonly trivy?: readonly string[];
  /** AWS Foundational Security Best Practices controls (Security Hub), e.g. `RDS.3`. */
  readonly fsbp?: readonly string[];
}

/** Environment-level expectations that some rules depend on. */
export interface PolicySettings {
  /** Stateful services must be Multi-AZ (RDS, cache failover, broker deployment mode). */
  readonly multiAz: boolean;
  /** Stateful services must refuse deletion, keep final snapshots, and keep a week of cache snapshots. */
  readonly deletionProtection: boolean;
  /** Ports a security group may open to the whole internet (the public load balancer's). */
  readonly publicIngressPorts: readonly number[];
  /** Minimum automated-backup retention of databases, in days. */
  readonly minBackupRetentionDays: number;
}

/** Strict by default: a stack that says nothing gets production expectations. */
export const DEFAULT_SETTINGS: PolicySettings = {
  multiAz: true,
  deletionProtection: true,
  publicIngressPorts: [80, 443],
  minBackupRetentionDays: 7,
};

export interface RuleContext {
  readonly stack: StackIndex;
  readonly settings: PolicySettings;
  /** Supported-version lookup from the version catalog; version rules only check pinning without it. */
  readonly versions?: VersionLookup;
}

export type Outcome =
  | { readonly status: "pass"; readonly note?: string }
  | { readonly status: "fail"; readonly message: string }
  | { readonly status: "n/a" };

export const pass = (note?: string): Outcome => (note ? { status: "pass", note } : { status: "pass" });
export const fail = (message: string): Outcome => ({ status: "fail", message });
export const notApplicable: Outcome = { status: "n/a" };

/** Passes when there are no problems, fails with all of them joined otherwise. */
export function failIfAny(problems: readonly string[], note?: string): Outcome {
  return problems.length === 0 ? pass(note) : fail(problems.join("; "));
}

export interface Rule {
  /** `KIT-<SERVICE>-<NNN>`; stable, because suppressions and audit trails refer to it. */
  readonly id: string;
  readonly level: Level;
  /** One line: what a compliant resource looks like. */
  readonly description: string;
  /** One line: how to make a failing resource compliant. */
  readonly fix: string;
  readonly refs?: ScannerRefs;
  /** Terraform resource types the rule inspects, e.g. `aws_db_instance`. */
  readonly appliesTo: readonly string[];
  readonly check: (resource: TfResource, context: RuleContext) => Outcome;
}

/** Identity function that gives rule files a checked shape without a class hierarchy. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
