// The table `npm run synth` prints after writing: what each stack holds and what the policy pack concluded,
// read back from the written output (manifest, stack JSON, policy reports), so it shows what is on disk.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface PolicyCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
  readonly packErrors: number;
}

export interface StackSummary {
  readonly name: string;
  readonly resources: number;
  readonly dataSources: number;
  /** Absent when the stack has no policy report (the pack did not run on it). */
  readonly policy?: PolicyCounts;
}

type Blocks = Record<string, Record<string, unknown>> | undefined;

function countBlocks(blocks: Blocks): number {
  return Object.values(blocks ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
}

function readJson(path: string): any {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** One row per stack in the manifest, in name order. */
export function summarizeOutput(outdir: string): StackSummary[] {
  const manifest = readJson(join(outdir, "manifest.json"));
  const stacks = Object.values(manifest.stacks) as { name: string; synthesizedStackPath: string }[];
  return stacks
    .map((stack) => {
      const json = readJson(join(outdir, stack.synthesizedStackPath));
      const reportPath = join(outdir, "policy", `${stack.name}.json`);
      const counts = existsSync(reportPath) ? readJson(reportPath).counts : undefined;
      return {
        name: stack.name,
        resources: countBlocks(json.resource),
        dataSources: countBlocks(json.data),
        ...(counts && {
          policy: {
            errors: counts.errors,
            warnings: counts.warnings,
            suppressed: counts.suppressed,
            packErrors: counts.packErrors ?? 0,
          },
        }),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The printed table and its total line; `elapsedMs` is the whole synth, bundling included. */
export function formatSummary(rows: readonly StackSummary[], elapsedMs: number, outdir: string): string {
  const header = ["stack", "resources", "data sources", "policy errors", "warnings", "suppressed", "pack errors"];
  const cells = rows.map((row) => [
    row.name,
    String(row.resources),
    String(row.dataSources),
    ...(row.policy
      ? [row.policy.errors, row.policy.warnings, row.policy.suppressed, row.policy.packErrors].map(String)
      : ["-", "-", "-", "-"]),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => line[i].length)));
  const line = (values: readonly string[]) =>
    values.map((value, i) => (i === 0 ? value.padEnd(widths[i]) : value.padStart(widths[i]))).join("  ");
  const sum = (pick: (row: StackSummary) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const total =
    `${plural(rows.length, "stack")}, ${plural(sum((r) => r.resources), "resource")}, ` +
    `${plural(sum((r) => r.dataSources), "data source")}; policy: ` +
    `${plural(sum((r) => r.policy?.errors ?? 0), "error")}, ${plural(sum((r) => r.policy?.warnings ?? 0), "warning")}, ` +
    `${sum((r) => r.policy?.suppressed ?? 0)} suppressed, ${plural(sum((r) => r.policy?.packErrors ?? 0), "pack error")}; ` +
    `written to ${outdir} in ${(elapsedMs / 1000).toFixed(1)} s`;
  return [line(header), ...cells.map(line), total].join("\n");
}
