// The comment the pull-request workflow posts: the policy pack's result per stack and, when the environment report
// ran, each environment's monthly cost and its difference from the base branch's report.
//   tsx scripts/ci/pull-request-comment.ts <cdktf.out> [<base cdktf.out>]   → Markdown on stdout
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface PolicyCounts {
  readonly stack: string;
  readonly resources: number;
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
  readonly packErrors: number;
}

export function policySection(reports: readonly PolicyCounts[]): string {
  const failing = reports.filter((r) => r.errors > 0 || r.packErrors > 0);
  return [
    "### Policy pack",
    "",
    failing.length === 0 ? `All ${reports.length} stacks pass.` : `${failing.length} of ${reports.length} stacks fail: ${failing.map((r) => r.stack).join(", ")}.`,
    "",
    "| stack | resources | errors | warnings | suppressed |",
    "|---|---:|---:|---:|---:|",
    ...reports.map((r) => `| ${r.stack} | ${r.resources} | ${r.errors + r.packErrors} | ${r.warnings} | ${r.suppressed} |`),
  ].join("\n");
}

export function readPolicyCounts(outdir: string): PolicyCounts[] {
  const dir = join(outdir, "policy");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const report = JSON.parse(readFileSync(join(dir, f), "utf8")) as { stack: string; counts: Omit<PolicyCounts, "stack"> };
      return { stack: report.stack, ...report.counts };
    });
}

/** Monthly estimate per report (environment, or `prod-dr-failover`), from `report/<name>.json`. */
export function readCostTotals(outdir: string): Map<string, number> {
  const dir = join(outdir, "report");
  if (!existsSync(dir)) return new Map();
  return new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => [f.slice(0, -".json".length), (JSON.parse(readFileSync(join(dir, f), "utf8")) as { totalUsd: number }).totalUsd] as const),
  );
}

const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const signed = (n: number) => (n === 0 ? "±$0.00" : `${n > 0 ? "+" : "−"}${usd(Math.abs(n))}`);

export function costSection(head: ReadonlyMap<string, number>, base: ReadonlyMap<string, number>): string {
  if (head.size === 0) return "### Monthly cost estimate\n\nNo environment report was written (`npm run report`).";
  const rows = [...head.entries()].map(([name, total]) => {
    const before = base.get(name);
    const change = before === undefined ? "new" : signed(Math.round((total - before) * 100) / 100);
    return `| ${name} | ${usd(total)} | ${change} |`;
  });
  return ["### Monthly cost estimate", "", "| report | this change | against the base |", "|---|---:|---:|", ...rows, "", "Assumptions and lines: the environment reports (`cdktf.out/report/<env>.md`)."].join("\n");
}

if (require.main === module) {
  const [outdir = "cdktf.out", baseOutdir] = process.argv.slice(2);
  const base = baseOutdir ? readCostTotals(baseOutdir) : new Map<string, number>();
  process.stdout.write(`## Platform report\n\n${policySection(readPolicyCounts(outdir))}\n\n${costSection(readCostTotals(outdir), base)}\n`);
}
