// Hooks the pack into synthesis as a stack validation. cdktf runs stack validations inside app.synth() (and
// Testing.fullSynth, and Testing.synth(stack, true)) after aspects and before the stack's JSON is written, so an
// error stops the synth, while an Annotations error would not fail Testing.synth.

import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { App, type TerraformStack } from "cdktf";
import { reuseResolvedJsonOnce } from "../core/cdktf-internals";
import { evaluate, type PolicyReport } from "./evaluate";
import { formatErrors, formatPackErrors, renderJson, renderMarkdown, warningSummary } from "./report";
import { KIT_RULES } from "./registry";
import { collectSuppressions } from "./suppressions";
import type { PolicySettings, Rule } from "./types";
import type { VersionLookup } from "./versions";

export interface PolicyPackOptions {
  /** Environment expectations (Multi-AZ, deletion protection, ...). @default DEFAULT_SETTINGS (production) */
  readonly settings?: Partial<PolicySettings>;
  /** @default KIT_RULES */
  readonly rules?: readonly Rule[];
  /** Supported-version lookup from the version catalog. @default none: version rules check pinning only */
  readonly versions?: VersionLookup;
  /** Directory for `<stack>.json` and `<stack>.md`; false writes no files. @default `<app outdir>/policy` */
  readonly reportDir?: string | false;
  /** Receives the one-line warning summary. @default writes to stderr */
  readonly log?: (line: string) => void;
}

export interface PolicyPackHandle {
  /** The report of the latest synth of the stack (undefined before the first). */
  readonly lastReport: PolicyReport | undefined;
}

const applied = new WeakMap<TerraformStack, PolicyPackHandle>();

/**
 * Checks `stack` against the policy pack at every synth: writes the report, prints a warning summary, and fails
 * the synth with one message listing each unsuppressed error and its fix. Applying twice returns the first handle.
 */
export function applyPolicyPack(stack: TerraformStack, options: PolicyPackOptions = {}): PolicyPackHandle {
  const existing = applied.get(stack);
  if (existing) return existing;
  const rules = options.rules ?? KIT_RULES;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const handle: { lastReport: PolicyReport | undefined } = { lastReport: undefined };
  applied.set(stack, handle);

  stack.node.addValidation({
    validate: () => {
      const json = stack.toTerraform();
      reuseResolvedJsonOnce(stack, json);
      const report = evaluate(json, rules, {
        settings: options.settings,
        versions: options.versions,
        suppressions: collectSuppressions(stack),
        stackName: stack.node.id,
      });
      handle.lastReport = report;
      const location = writeReports(stack, report, options.reportDir);
      const summary = warningSummary(report, location);
      if (summary) log(summary);
      const defects = formatPackErrors(report);
      return [...(defects ? [defects] : []), ...(report.counts.errors > 0 ? [formatErrors(report, location)] : [])];
    },
  });
  return handle;
}

function writeReports(stack: TerraformStack, report: PolicyReport, reportDir: string | false | undefined): string | undefined {
  if (reportDir === false) return undefined;
  const dir = reportDir ?? join(App.of(stack).outdir, "policy");
  mkdirSync(dir, { recursive: true });
  const base = join(dir, report.stack);
  writeFileSync(`${base}.json`, renderJson(report));
  writeFileSync(`${base}.md`, renderMarkdown(report));
  return relative(process.cwd(), `${base}.md`) || `${base}.md`;
}
