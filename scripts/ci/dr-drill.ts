// The scheduled disaster-recovery drill, with no AWS access: synthesize every recovery environment in failover mode
// and check that what would be applied in the recovery region reaches nothing in the primary's region (no mention
// of it, no remote state, providers and backend in the recovery region). Prints a Markdown report (also to the
// workflow's job summary) and exits 1 when a stack fails.
//   tsx scripts/ci/dr-drill.ts [outdir]
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { platform } from "../../config/environments";
import { readStacks } from "./touched-stacks";

export interface DrillResult {
  readonly stack: string;
  readonly resources: number;
  readonly problems: readonly string[];
}

/** JSON paths under `value` whose string contains `needle`, at most `limit` of them. */
function pathsContaining(value: unknown, needle: string, at = "$", found: string[] = [], limit = 5): string[] {
  if (found.length >= limit) return found;
  if (typeof value === "string") {
    if (value.includes(needle)) found.push(at);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => pathsContaining(v, needle, `${at}[${i}]`, found, limit));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) pathsContaining(v, needle, `${at}.${k}`, found, limit);
  }
  return found;
}

/** What stops a recovery stack from being applied while the primary region is gone. */
export function checkRecoveryStack(stack: string, text: string, primaryRegion: string, recoveryRegion: string): DrillResult {
  const json = JSON.parse(text) as {
    resource?: Record<string, Record<string, unknown>>;
    data?: Record<string, unknown>;
    provider?: Record<string, { region?: string }[]>;
    terraform?: { backend?: Record<string, { region?: string }> };
  };
  const problems: string[] = [];
  const mentions = pathsContaining(json, primaryRegion);
  if (mentions.length > 0) problems.push(`mentions ${primaryRegion} at ${mentions.join(", ")}`);
  if (json.data?.terraform_remote_state) problems.push("reads remote state, which may live in the lost region");
  const regions = [...new Set((json.provider?.aws ?? []).map((p) => p.region ?? "(unset)"))];
  if (regions.length !== 1 || regions[0] !== recoveryRegion) problems.push(`AWS providers in ${regions.join(", ") || "no region"}, expected only ${recoveryRegion}`);
  const backendRegion = json.terraform?.backend?.s3?.region;
  if (backendRegion !== undefined && backendRegion !== recoveryRegion) problems.push(`state backend in ${backendRegion}, expected ${recoveryRegion}`);
  const resources = Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
  return { stack, resources, problems };
}

export function drillReport(environment: string, primaryRegion: string, results: readonly DrillResult[]): string {
  const failed = results.filter((r) => r.problems.length > 0);
  const lines = [
    `## Disaster-recovery drill: ${environment} in failover mode`,
    "",
    `${failed.length === 0 ? "Passed" : "Failed"}: ${results.length} stack(s) checked for anything in ${primaryRegion}.`,
    "",
    "| stack | resources | result |",
    "|---|---:|---|",
    ...results.map((r) => `| ${r.stack} | ${r.resources} | ${r.problems.length === 0 ? "ok" : r.problems.join("; ")} |`),
  ];
  return `${lines.join("\n")}\n`;
}

if (require.main === module) {
  const outdir = process.argv[2] ?? mkdtempSync(join(tmpdir(), "dr-drill-"));
  let failed = false;
  for (const env of platform.environments.filter((e) => e.disasterRecovery)) {
    const primary = platform.environments.find((e) => e.name === env.disasterRecovery!.primary)!;
    const synth = spawnSync(process.execPath, [join(__dirname, "..", "synth.js"), "--quiet"], {
      stdio: "inherit",
      env: { ...process.env, PLATFORM_ENV: env.name, PLATFORM_DR_MODE: "failover", PLATFORM_OUTDIR: outdir },
    });
    if (synth.status !== 0) process.exit(synth.status ?? 1);
    const stacks = [...readStacks(outdir).entries()].filter(([id]) => id.startsWith(`${env.name}-`) && !id.endsWith("-bootstrap"));
    const results = stacks.map(([id, text]) => checkRecoveryStack(id, text, primary.region, env.region));
    const report = drillReport(env.name, primary.region, results);
    process.stdout.write(report);
    if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, report);
    failed ||= results.length === 0 || results.some((r) => r.problems.length > 0);
  }
  process.exit(failed ? 1 : 0);
}
