// Renders a PolicyReport for people and machines. Output depends only on the report (no clock, no paths of this
// machine), so the files in cdktf.out are byte-identical across synths of the same input.

import type { Finding, PolicyReport } from "./evaluate";

export function renderJson(report: PolicyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function renderMarkdown(report: PolicyReport): string {
  const { counts } = report;
  const failing = report.findings.filter((f) => f.status === "fail");
  const suppressed = report.findings.filter((f) => f.status === "suppressed");
  const passed = report.findings.filter((f) => f.status === "pass");
  const lines = [
    `# Policy report: ${report.stack}`,
    "",
    `Settings: multiAz=${report.settings.multiAz}, deletionProtection=${report.settings.deletionProtection}, ` +
      `publicIngressPorts=[${report.settings.publicIngressPorts.join(", ")}], ` +
      `minBackupRetentionDays=${report.settings.minBackupRetentionDays}`,
    "",
    "| resources | pass | errors | warnings | suppressed |",
    "|---|---|---|---|---|",
    `| ${counts.resources} | ${counts.pass} | ${counts.errors} | ${counts.warnings} | ${counts.suppressed} |`,
    "",
    ...(report.packErrors.length > 0
      ? ["## Pack errors (rules that threw)", "", ...table(["rule", "resource", "error"], report.packErrors, (e) => [e.rule, e.address, e.message])]
      : []),
    "## Failures",
    "",
    ...table(["rule", "level", "resource", "problem", "fix"], failing, (f) => [f.rule, f.level, f.address, f.message ?? "", f.fix ?? ""]),
    "## Suppressed",
    "",
    ...table(["rule", "level", "resource", "finding", "reason"], suppressed, (f) => [f.rule, f.level, f.address, f.message ?? "", f.reason ?? ""]),
    "## Passed",
    "",
    ...table(["rule", "level", "resource", "note"], passed, (f) => [f.rule, f.level, f.address, f.message ?? ""]),
    "## Rules",
    "",
    ...table(["rule", "level", "description", "checkov", "trivy", "AWS FSBP"], report.rules, (r) => [
      r.id,
      r.level,
      r.description,
      (r.refs?.checkov ?? []).join(", "),
      (r.refs?.trivy ?? []).join(", "),
      (r.refs?.fsbp ?? []).join(", "),
    ]),
  ];
  return `${lines.join("\n").trimEnd()}\n`;
}

/** The pack's own defects (rules that threw), for the synth error; undefined when there are none. */
export function formatPackErrors(report: PolicyReport): string | undefined {
  if (report.packErrors.length === 0) return undefined;
  return [
    `Policy pack defect: ${report.packErrors.length} rule evaluation${report.packErrors.length === 1 ? "" : "s"} threw in ${report.stack} (a bug in the rule, not a finding about the stack; it cannot be suppressed)`,
    ...report.packErrors.map((e, i) => `  ${i + 1}. ${e.rule} on ${e.address}: ${e.message}`),
    "  Fix the rule under constructs/policy/rules/ (its tests should reproduce the resource above).",
  ].join("\n");
}

/** The synth error: every unsuppressed error with its fix, one per line. */
export function formatErrors(report: PolicyReport, reportLocation?: string): string {
  const errors = report.findings.filter((f) => f.status === "fail" && f.level === "error");
  const where = reportLocation ? ` (full report: ${reportLocation})` : "";
  return [
    `Policy pack: ${errors.length} error${errors.length === 1 ? "" : "s"} in ${report.stack}${where}`,
    ...errors.map((f, i) => `  ${i + 1}. ${describe(f)}: ${f.message} Fix: ${f.fix}`),
    "  To accept a finding, call suppress(construct, ruleId, reason) on the construct that owns the resource.",
  ].join("\n");
}

/** One line for stderr, or undefined when there is nothing to say. */
export function warningSummary(report: PolicyReport, reportLocation?: string): string | undefined {
  const warnings = report.findings.filter((f) => f.status === "fail" && f.level === "warning");
  if (warnings.length === 0) return undefined;
  const byRule = new Map<string, number>();
  for (const w of warnings) byRule.set(w.rule, (byRule.get(w.rule) ?? 0) + 1);
  const list = [...byRule].map(([rule, n]) => (n > 1 ? `${rule} x${n}` : rule)).join(", ");
  const where = reportLocation ? `; see ${reportLocation}` : "";
  return `policy ${report.stack}: ${warnings.length} warning${warnings.length === 1 ? "" : "s"} (${list})${where}`;
}

function describe(f: Finding): string {
  return f.path && f.path !== f.address ? `${f.rule} ${f.address} [${f.path}]` : `${f.rule} ${f.address}`;
}

function table<T>(header: readonly string[], rows: readonly T[], cells: (row: T) => readonly string[]): string[] {
  if (rows.length === 0) return ["None.", ""];
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((row) => `| ${cells(row).map(escapeCell).join(" | ")} |`),
    "",
  ];
}

function escapeCell(value: string): string {
  return value.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
