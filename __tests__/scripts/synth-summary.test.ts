import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatSummary, summarizeOutput, type StackSummary } from "../../scripts/synth-summary";

let outdir: string;

function writeStack(name: string, json: object, policyCounts?: object): void {
  mkdirSync(join(outdir, "stacks", name), { recursive: true });
  writeFileSync(join(outdir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
  if (policyCounts) writeFileSync(join(outdir, "policy", `${name}.json`), JSON.stringify({ stack: name, counts: policyCounts }));
}

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), "synth-summary-"));
  mkdirSync(join(outdir, "policy"));
  writeStack(
    "b-platform",
    {
      resource: { aws_s3_bucket: { one: {}, two: {} }, aws_kms_key: { key: {} } },
      data: { aws_caller_identity: { me: {} } },
    },
    { resources: 3, pass: 9, errors: 1, warnings: 2, suppressed: 3, packErrors: 0 },
  );
  writeStack("a-bootstrap", { resource: { aws_s3_bucket: { state: {} } } });
  const stacks = Object.fromEntries(
    ["b-platform", "a-bootstrap"].map((name) => [name, { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json` }]),
  );
  writeFileSync(join(outdir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks }));
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe("summarizeOutput", () => {
  it("counts resources and data sources per stack, in name order, with the policy report's counts", () => {
    expect(summarizeOutput(outdir)).toEqual([
      { name: "a-bootstrap", resources: 1, dataSources: 0 },
      {
        name: "b-platform",
        resources: 3,
        dataSources: 1,
        policy: { errors: 1, warnings: 2, suppressed: 3, packErrors: 0 },
      },
    ]);
  });
});

describe("formatSummary", () => {
  const rows: StackSummary[] = [
    { name: "a-bootstrap", resources: 1, dataSources: 0 },
    { name: "b-platform", resources: 3, dataSources: 1, policy: { errors: 1, warnings: 2, suppressed: 3, packErrors: 4 } },
  ];

  it("prints one aligned line per stack, a dash where the pack did not run", () => {
    const lines = formatSummary(rows, 2345, "cdktf.out").split("\n");
    expect(lines[0]).toMatch(/^stack\s+resources\s+data sources\s+policy errors\s+warnings\s+suppressed\s+pack errors$/);
    expect(lines[1]).toMatch(/^a-bootstrap\s+1\s+0\s+-\s+-\s+-\s+-$/);
    expect(lines[2]).toMatch(/^b-platform\s+3\s+1\s+1\s+2\s+3\s+4$/);
    expect(new Set(lines.slice(0, 3).map((line) => line.length)).size).toBe(1);
  });

  it("totals every column and states where and how long", () => {
    expect(formatSummary(rows, 2345, "cdktf.out").split("\n")[3]).toBe(
      "2 stacks, 4 resources, 1 data source; policy: 1 error, 2 warnings, 3 suppressed, 4 pack errors; written to cdktf.out in 2.3 s",
    );
  });

  it("uses singular words for one stack and resource", () => {
    const total = formatSummary([{ name: "x", resources: 1, dataSources: 2 }], 50, "out").split("\n")[2];
    expect(total).toBe(
      "1 stack, 1 resource, 2 data sources; policy: 0 errors, 0 warnings, 0 suppressed, 0 pack errors; written to out in 0.1 s",
    );
  });
});
