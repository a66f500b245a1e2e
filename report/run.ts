// `npm run report`: per environment in a synthesized output folder, writes <env>.md, <env>.svg, <env>.png and
// <env>.json (the cost, compared against on the next run) into <outdir>/report/. A recovery environment is also
// reported in failover, synthesized for the purpose into a temporary folder.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { platform } from "../config/environments";
import { costDifference, costJson, estimateCost, type CostEstimate, type PriceTable } from "./cost";
import { buildDiagram } from "./diagram";
import { buildInventory } from "./inventory";
import { renderMarkdown } from "./markdown";
import { loadOutput, type EnvironmentModel } from "./model";
import { canDrawText, layoutSvg, svgToPng } from "./render";

export interface ReportOptions {
  /** The repository root (prices are read from report/prices/ there). */
  readonly root: string;
  readonly outdir: string;
  /** Synthesizes one environment in failover into `outdir` (the CLI runs scripts/synth.js); none: no failover report. */
  readonly synthFailover?: (environment: string, outdir: string) => void;
  /** Copy this environment's diagram to docs/images/<env>-architecture.{svg,png}. */
  readonly updateDocsFor?: string;
  readonly log?: (line: string) => void;
}

export interface ReportResult {
  readonly name: string;
  readonly totalUsd: number;
  readonly files: readonly string[];
}

export function loadPrices(root: string): Record<string, PriceTable> {
  const dir = join(root, "report", "prices");
  const tables: Record<string, PriceTable> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const table = JSON.parse(readFileSync(join(dir, file), "utf8")) as PriceTable;
    tables[table.region] = table;
  }
  return tables;
}

async function writeOne(
  env: EnvironmentModel,
  name: string,
  reportDir: string,
  prices: Record<string, PriceTable>,
  extra: { variant?: string; otherModes?: Record<string, number> },
): Promise<ReportResult & { cost: CostEstimate }> {
  const cost = estimateCost(env, prices);
  const jsonPath = join(reportDir, `${name}.json`);
  const difference = existsSync(jsonPath) ? costDifference(JSON.parse(readFileSync(jsonPath, "utf8")), cost) : undefined;
  const svg = await layoutSvg(buildDiagram(env).dot);
  const files = [`${name}.md`, `${name}.svg`, `${name}.png`, `${name}.json`].map((f) => join(reportDir, f));
  writeFileSync(files[0], renderMarkdown({ env, ...extra, inventory: buildInventory(env), cost, difference, diagramFile: `${name}.svg` }));
  writeFileSync(files[1], svg);
  writeFileSync(files[2], svgToPng(svg));
  writeFileSync(files[3], `${JSON.stringify(costJson(cost), null, 2)}\n`);
  return { name, totalUsd: cost.totalUsd, files, cost };
}

export async function runReport(options: ReportOptions): Promise<ReportResult[]> {
  const log = options.log ?? (() => undefined);
  const environments = loadOutput(options.outdir);
  const prices = loadPrices(options.root);
  const reportDir = join(options.outdir, "report");
  mkdirSync(reportDir, { recursive: true });
  if (!canDrawText()) log("[WARN] resvg found no sans-serif font: the PNG diagrams will have no text (install fonts-dejavu-core)");
  const recovery = new Map(platform.environments.filter((e) => e.disasterRecovery).map((e) => [e.name, e.disasterRecovery!.mode]));
  const results: ReportResult[] = [];
  for (const env of environments) {
    let variant: string | undefined;
    let otherModes: Record<string, number> | undefined;
    if (recovery.has(env.name)) {
      variant = process.env.PLATFORM_DR_MODE || recovery.get(env.name);
      if (options.synthFailover && variant !== "failover") {
        const tmp = mkdtempSync(join(tmpdir(), "report-failover-"));
        let failover: EnvironmentModel | undefined;
        try {
          options.synthFailover(env.name, tmp);
          failover = loadOutput(tmp).find((e) => e.name === env.name);
        } finally {
          rmSync(tmp, { recursive: true, force: true });
        }
        if (failover) {
          const done = await writeOne(failover, `${env.name}-failover`, reportDir, prices, { variant: "failover" });
          results.push(done);
          otherModes = { failover: done.totalUsd };
        }
      }
    }
    const done = await writeOne(env, env.name, reportDir, prices, { variant, otherModes });
    results.push(done);
    log(`${done.name}${variant ? ` (${variant})` : ""}: $${done.totalUsd.toFixed(2)} a month`);
    if (otherModes) log(`${env.name}-failover (failover): $${otherModes.failover.toFixed(2)} a month`);
  }
  if (options.updateDocsFor) {
    const images = join(options.root, "docs", "images");
    mkdirSync(images, { recursive: true });
    for (const ext of ["svg", "png"]) {
      const source = join(reportDir, `${options.updateDocsFor}.${ext}`);
      if (!existsSync(source)) throw new Error(`--update-docs: no report for ${options.updateDocsFor} (synthesize it first: PLATFORM_ENV=${options.updateDocsFor} npm run synth)`);
      copyFileSync(source, join(images, `${options.updateDocsFor}-architecture.${ext}`));
    }
  }
  return results.map(({ name, totalUsd, files }) => ({ name, totalUsd, files }));
}
