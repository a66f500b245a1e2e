// The report on the shipped platform, synthesized once: the inventory against the synthesized JSON, the diagram
// holding every service, the PNG, the previous-report difference and the message when nothing was synthesized.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing, type TerraformStack } from "cdktf";
import { platform } from "../../config/environments";
import { buildPlatform } from "../../stacks/app";
import { classify, unclassifiedTypes } from "../../report/classify";
import { buildDiagram } from "../../report/diagram";
import { buildInventory } from "../../report/inventory";
import { loadOutput, type EnvironmentModel } from "../../report/model";
import { canDrawText, layoutSvg, svgToPng, unloadGraphviz } from "../../report/render";
import { runReport } from "../../report/run";
import { synthPlatformTo } from "../helpers";

const root = join(__dirname, "../..");
const outdir = mkdtempSync(join(tmpdir(), "report-test-"));
let environments: EnvironmentModel[];

beforeAll(() => {
  synthPlatformTo(outdir);
  environments = loadOutput(outdir);
});
afterAll(() => {
  unloadGraphviz();
  rmSync(outdir, { recursive: true, force: true });
});

const env = (name: string) => environments.find((e) => e.name === name)!;
const lineFor = (e: EnvironmentModel, address: string) =>
  buildInventory(e).flatMap((s) => s.lines.map((l) => ({ ...l, service: s.service }))).find((l) => l.address === address)!;

describe("classification", () => {
  it("classifies every resource type synthesized, prod-dr in failover included", () => {
    const types = environments.flatMap((e) => e.resources.map((r) => r.type));
    const app = Testing.app();
    const recoveries = platform.environments.filter((e) => e.disasterRecovery).map((e) => e.name).join(",");
    buildPlatform(app, platform, { drMode: "failover", only: recoveries });
    for (const stack of app.node.children as TerraformStack[]) types.push(...Object.keys((stack.toTerraform() as { resource?: object }).resource ?? {}));
    const missing = unclassifiedTypes(types);
    const hint =
      missing.length === 0
        ? ""
        : `unclassified resource types: ${missing.join(", ")}. Add one line per type to TYPE_CLASSES in report/classify.ts ` +
          `(service, label, node: true to draw it, price: a rule from report/cost.ts if AWS bills it).`;
    expect(hint).toBe("");
  });
});

describe("inventory", () => {
  it("groups every stack of an environment under it, by the environment tag", () => {
    expect(env("prod").stacks).toEqual(["prod-bootstrap", "prod-cluster-addons", "prod-platform"]);
    expect(env("prod-dr").region).toBe("us-east-1");
  });

  it("states the database, cache, broker, cluster and handlers as synthesized, with support dates", () => {
    const prod = env("prod");
    for (const r of prod.resources.filter((x) => x.type === "aws_db_instance")) {
      const line = lineFor(prod, r.address);
      expect(line.service).toBe("data");
      expect(line.text).toContain(String(r.config.instance_class));
      expect(line.text).toContain(`Multi-AZ ${r.config.multi_az ? "yes" : "no"}`);
      expect(line.text).toContain(`backups ${r.config.backup_retention_period} days`);
      expect(line.text).toMatch(/standard support until \d{4}-\d{2}-\d{2}/);
    }
    const cache = prod.resources.find((x) => x.type === "aws_elasticache_replication_group")!;
    expect(lineFor(prod, cache.address).text).toContain(`${cache.config.node_type}, ${cache.config.num_node_groups} shard(s) × 2 node(s)`);
    const cluster = prod.resources.find((x) => x.type === "aws_eks_cluster")!;
    expect(lineFor(prod, cluster.address).text).toMatch(new RegExp(`Kubernetes ${cluster.config.version} \\(standard support until .*, extended until `));
    for (const fn of prod.resources.filter((x) => x.type === "aws_lambda_function")) {
      expect(lineFor(prod, fn.address).text).toContain(`${fn.config.runtime}, arm64, ${fn.config.memory_size} MB`);
    }
  });

  it("accounts for every resource: a line of its own, a summary of its type, or a count", () => {
    for (const e of environments) {
      const sections = buildInventory(e);
      const lines = new Set(sections.flatMap((s) => s.lines.map((l) => l.address)));
      const counted = sections.reduce((sum, s) => sum + Object.values(s.counts).reduce((a, b) => a + b, 0), 0);
      const summarized = e.resources.filter((r) => lines.has(r.type)).length;
      const own = e.resources.filter((r) => lines.has(r.address)).length;
      expect(own + summarized + counted).toBe(e.resources.length);
    }
  });
});

describe("diagram", () => {
  it("draws every service node of each environment, its subnets by tier and AZ, and the data flow", () => {
    for (const e of environments) {
      const { dot } = buildDiagram(e);
      const drawn = e.resources.filter((r) => classify(r.type).node && !r.stack.endsWith("-bootstrap"));
      for (const r of drawn) {
        const key = r.type === "aws_vpc_endpoint" && r.config.vpc_endpoint_type === "Interface" ? String(r.config.service_name).replace(/^.*\}\./, "") : `${r.stack}/${r.address}`;
        expect({ env: e.name, resource: r.address, drawn: dot.includes(key) }).toEqual({ env: e.name, resource: r.address, drawn: true });
      }
      for (const s of e.resources.filter((r) => r.type === "aws_subnet")) {
        expect(dot).toContain(`"cluster_${s.config.tags.tier}_${s.config.availability_zone}"`);
        expect(dot).toContain(`label="${s.config.cidr_block}"`);
      }
    }
    const prod = buildDiagram(env("prod")).dot;
    expect(prod).toMatch(/aws_s3_bucket\.buckets_documents[^"]*" -> "[^"]*aws_sqs_queue[^"]*" \[label="object created"\]/);
    expect(prod).toMatch(/aws_sqs_queue[^"]*" -> "[^"]*aws_lambda_function\.handlers_ingestion[^"]*" \[label="batches"\]/);
    expect(prod).toMatch(/aws_lambda_function\.handlers_query[^"]*" -> "[^"]*aws_elasticache_replication_group/);
    expect(prod).toMatch(/aws_mq_broker[^"]*" -> "workloads" \[label="file events → workers"\]/);
    expect(prod).toContain('label="S3 replication (RTC)"');
    expect(buildDiagram(env("prod-dr")).dot).toContain('[label="cross-region replica"');
  });

  it("lays out with Graphviz and renders a PNG with text", async () => {
    const svg = await layoutSvg(buildDiagram(env("dev")).dot);
    expect(svg).toContain("<svg");
    expect(svg).toContain("RDS postgres");
    const png = svgToPng(svg, 800);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(20_000);
    expect(canDrawText()).toBe(true);
  });
});

describe("runReport", () => {
  it("writes the four files per environment, and the difference from the previous run", async () => {
    // One environment's stacks and policy reports, with a manifest of their own: the report renders dev alone.
    const only = mkdtempSync(join(tmpdir(), "report-dev-"));
    try {
      const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
      manifest.stacks = Object.fromEntries(Object.entries(manifest.stacks).filter(([name]) => name.startsWith("dev-")));
      writeFileSync(join(only, "manifest.json"), JSON.stringify(manifest));
      mkdirSync(join(only, "policy"));
      for (const name of Object.keys(manifest.stacks)) {
        cpSync(join(outdir, "stacks", name), join(only, "stacks", name), { recursive: true });
        cpSync(join(outdir, "policy", `${name}.json`), join(only, "policy", `${name}.json`));
      }
      const [first] = await runReport({ root, outdir: only });
      expect(first.name).toBe("dev");
      for (const ext of ["md", "svg", "png", "json"]) expect(existsSync(join(only, "report", `dev.${ext}`))).toBe(true);
      expect(readFileSync(join(only, "report", "dev.md"), "utf8")).toContain("No previous report to compare with.");
      const previous = JSON.parse(readFileSync(join(only, "report", "dev.json"), "utf8"));
      previous.totalUsd += 10;
      const someLine = Object.keys(previous.lines)[0];
      previous.lines[someLine].monthlyUsd += 10;
      writeFileSync(join(only, "report", "dev.json"), JSON.stringify(previous));
      await runReport({ root, outdir: only });
      const md = readFileSync(join(only, "report", "dev.md"), "utf8");
      expect(md).toContain("Since the previous report: −$10.00");
      expect(md).toContain(`\`${someLine}\``);
    } finally {
      rmSync(only, { recursive: true, force: true });
    }
  });

  it("names the command to run when nothing was synthesized", () => {
    expect(() => loadOutput(join(outdir, "nothing-here"))).toThrow(/Run `npm run synth` first, or `npm run synth -- --report`/);
  });
});
