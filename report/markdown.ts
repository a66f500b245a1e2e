// The environment report as Markdown: inventory by service, policy result, cost estimate with its assumptions.
import type { CostDifference, CostEstimate } from "./cost";
import type { InventorySection } from "./inventory";
import type { EnvironmentModel } from "./model";

const money = (n: number | null) => (n === null ? "—" : `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
const signed = (n: number) => `${n >= 0 ? "+" : "−"}${money(Math.abs(n))}`;
const cell = (s: string) => s.replace(/\|/g, "\\|");

export interface ReportInput {
  readonly env: EnvironmentModel;
  /** E.g. "standby" for a recovery environment; shown in the title. */
  readonly variant?: string;
  readonly inventory: readonly InventorySection[];
  readonly cost: CostEstimate;
  readonly difference?: CostDifference;
  /** Totals of the same environment in its other modes (prod-dr in failover), by mode. */
  readonly otherModes?: Readonly<Record<string, number>>;
  readonly diagramFile: string;
}

export function renderMarkdown(input: ReportInput): string {
  const { env, cost } = input;
  const out: string[] = [];
  out.push(`# Environment report: ${env.name}${input.variant ? ` (${input.variant})` : ""}`, "");
  out.push(`Region ${env.region}; stacks ${env.stacks.map((s) => `\`${s}\``).join(", ")}; ${env.resources.length} resources. ` +
    `Generated from the synthesized JSON by \`npm run report\`.`, "");
  out.push(`![architecture](${input.diagramFile})`, "");

  out.push("## Inventory", "");
  for (const section of input.inventory) {
    out.push(`### ${section.title}`, "");
    for (const line of section.lines) out.push(`- ${line.text}`);
    const counts = Object.entries(section.counts);
    if (counts.length > 0) out.push(`- also: ${counts.map(([label, n]) => `${n} × ${label}`).join(", ")}`);
    out.push("");
  }

  out.push("## Policy pack", "");
  if (env.policy.length === 0) out.push("No policy report found (the pack writes `cdktf.out/policy/<stack>.json` at synth).", "");
  else {
    out.push("| stack | resources | pass | errors | warnings | suppressed | pack errors |", "|---|---|---|---|---|---|---|");
    for (const p of env.policy) out.push(`| ${p.stack} | ${p.counts.resources} | ${p.counts.pass} | ${p.counts.errors} | ${p.counts.warnings} | ${p.counts.suppressed} | ${p.counts.packErrors ?? 0} |`);
    out.push("");
    const notable = env.policy.flatMap((p) => p.findings.filter((f) => f.status !== "pass").map((f) => ({ ...f, stack: p.stack })));
    for (const f of notable) out.push(`- ${f.status} ${f.level} ${f.rule} on \`${f.address}\`${f.message ? `: ${f.message}` : ""}`);
    if (notable.length > 0) out.push("");
  }

  out.push("## Monthly cost estimate", "");
  out.push(`**Total: ${money(cost.totalUsd)} per month**${input.otherModes ? Object.entries(input.otherModes).map(([mode, total]) => `; in ${mode}: ${money(total)}`).join("") : ""}.`, "");
  if (input.difference) {
    const d = input.difference;
    out.push(`Since the previous report: ${signed(d.deltaUsd)} (was ${money(d.previousTotalUsd)}).`);
    for (const c of d.changed) out.push(`- ${c.item} \`${c.key}\`: ${money(c.beforeUsd)} → ${money(c.afterUsd)}`);
    out.push("");
  } else out.push("No previous report to compare with.", "");
  const a = cost.assumptions;
  out.push("Assumptions (usage the stacks cannot tell; `report/cost.ts` DEFAULT_ASSUMPTIONS):", "");
  out.push(
    `- ${a.hoursPerMonth} hours a month; node groups at their desired size with the first listed instance type; Spot at ${a.spotPriceFactor * 100}% of the on-demand price.`,
    `- NAT gateways process ${a.natProcessedGbPerGateway} GB each, interface endpoints ${a.endpointProcessedGbPerEndpoint} GB each; public IPv4 addresses billed hourly.`,
    `- RDS at its allocated storage (not its autoscaling maximum), doubled for Multi-AZ; backup storage within the free allowance; broker storage not priced.`,
    `- ${a.storedGbPerBucket} GB in S3 Standard per bucket; ${a.replicatedGbPerReplication} GB replicated a month per replication rule (RTC + inter-region transfer).`,
    `- ${a.lambdaRequestsPerFunction.toLocaleString("en-US")} invocations per function at ${a.lambdaAverageDurationMs} ms; ${a.apiRequests.toLocaleString("en-US")} API (and WAF) requests; ${a.sqsRequestsPerQueue.toLocaleString("en-US")} requests per queue.`,
    `- ${a.logIngestionGbPerGroup} GB of logs ingested per log group, stored for its retention (at most ${a.maxLogStorageMonths} months); ${a.ecrStoredGbPerRepository} GB per ECR repository.`,
    `- CloudFront (when present): ${a.cloudfrontTransferGb} GB out and ${a.cloudfrontRequests.toLocaleString("en-US")} HTTPS requests.`,
    "- Not estimated: usage-based security services (GuardDuty, Security Hub, CloudTrail data events), data transfer not named above, KMS requests, support plans, taxes.",
  );
  for (const s of cost.priceSources) out.push(`- Prices: \`report/prices/${s.region}.json\`, ${s.asOf}`);
  out.push("");
  out.push("| service | item | resource | monthly | how |", "|---|---|---|---|---|");
  const sorted = [...cost.lines].sort((x, y) => (y.monthlyUsd ?? -1) - (x.monthlyUsd ?? -1) || x.address.localeCompare(y.address));
  for (const l of sorted) out.push(`| ${l.service} | ${cell(l.item)} | \`${l.address}\` | ${money(l.monthlyUsd)} | ${cell(l.formula)} |`);
  out.push("");
  return `${out.join("\n")}\n`;
}
