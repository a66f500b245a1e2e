// The pipeline's helper scripts: which stacks a pull request touches, and what the DR drill calls a failure.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkRecoveryStack, drillReport } from "../../scripts/ci/dr-drill";
import { costSection, policySection, readCostTotals, readPolicyCounts } from "../../scripts/ci/pull-request-comment";
import { environmentOf, readStacks, touchedStacks } from "../../scripts/ci/touched-stacks";

const stackText = (region: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ provider: { aws: [{ region }] }, terraform: { backend: { s3: { region } } }, resource: { aws_vpc: { vpc: { cidr_block: "10.1.0.0/16" } } }, ...extra });

describe("touchedStacks", () => {
  it("lists new and changed stacks with their environment and region, not unchanged or removed ones", () => {
    const base = new Map([
      ["dev-platform", stackText("us-west-2")],
      ["prod-platform", stackText("us-west-2")],
      ["old-platform", stackText("us-west-2")],
    ]);
    const head = new Map([
      ["dev-platform", stackText("us-west-2")],
      ["prod-platform", stackText("us-west-2", { output: { x: { value: 1 } } })],
      ["prod-dr-cluster-addons", stackText("us-east-1")],
    ]);
    expect(touchedStacks(base, head)).toEqual([
      { stack: "prod-platform", environment: "prod", region: "us-west-2" },
      { stack: "prod-dr-cluster-addons", environment: "prod-dr", region: "us-east-1" },
    ]);
  });

  it("names the environment of each stack role, and refuses an id that is no kit stack", () => {
    expect(["prod-dr-platform", "prod-dr-cluster-addons", "qa-bootstrap"].map(environmentOf)).toEqual(["prod-dr", "prod-dr", "qa"]);
    expect(() => environmentOf("prod-dr")).toThrow("stack prod-dr: expected an id ending in -cluster-addons, -platform, -bootstrap");
  });

  it("reads the synthesized stacks of an output folder, and none from a folder without them", () => {
    const out = mkdtempSync(join(tmpdir(), "touched-"));
    expect(readStacks(out).size).toBe(0);
    mkdirSync(join(out, "stacks", "dev-platform"), { recursive: true });
    mkdirSync(join(out, "stacks", "empty"), { recursive: true });
    writeFileSync(join(out, "stacks", "dev-platform", "cdk.tf.json"), "{}");
    expect([...readStacks(out).keys()]).toEqual(["dev-platform"]);
  });
});

describe("the DR drill's check", () => {
  it("passes a stack that lives wholly in the recovery region", () => {
    expect(checkRecoveryStack("prod-dr-platform", stackText("us-east-1"), "us-west-2", "us-east-1")).toEqual({ stack: "prod-dr-platform", resources: 1, problems: [] });
  });

  it("names every way a stack still needs the primary region", () => {
    const text = stackText("us-west-2", {
      data: { terraform_remote_state: { prod: {} } },
      resource: { aws_db_instance: { replica: { replicate_source_db: "arn:aws:rds:us-west-2:1:db:x" } } },
    });
    expect(checkRecoveryStack("prod-dr-platform", text, "us-west-2", "us-east-1").problems).toEqual([
      "mentions us-west-2 at $.provider.aws[0].region, $.terraform.backend.s3.region, $.resource.aws_db_instance.replica.replicate_source_db",
      "reads remote state, which may live in the lost region",
      "AWS providers in us-west-2, expected only us-east-1",
      "state backend in us-west-2, expected us-east-1",
    ]);
  });

  it("refuses a second provider region even without a mention of the primary", () => {
    const text = JSON.stringify({ provider: { aws: [{ region: "us-east-1" }, { region: "eu-west-1", alias: "x" }] } });
    expect(checkRecoveryStack("s-platform", text, "us-west-2", "us-east-1").problems).toEqual(["AWS providers in us-east-1, eu-west-1, expected only us-east-1"]);
  });

  it("reports passed and failed stacks in one table", () => {
    const ok = { stack: "a-platform", resources: 3, problems: [] };
    const bad = { stack: "a-cluster-addons", resources: 2, problems: ["reads remote state, which may live in the lost region"] };
    expect(drillReport("a", "us-west-2", [ok])).toContain("Passed: 1 stack(s) checked for anything in us-west-2.");
    const report = drillReport("a", "us-west-2", [ok, bad]);
    expect(report).toContain("Failed: 2 stack(s)");
    expect(report).toContain("| a-platform | 3 | ok |");
    expect(report).toContain("| a-cluster-addons | 2 | reads remote state, which may live in the lost region |");
  });
});

describe("the pull request's comment", () => {
  const counts = (stack: string, errors = 0, packErrors = 0) => ({ stack, resources: 10, errors, warnings: 1, suppressed: 2, packErrors });

  it("says all stacks pass, or names the failing ones, counting pack errors as errors", () => {
    expect(policySection([counts("dev-platform"), counts("dev-bootstrap")])).toContain("All 2 stacks pass.");
    const text = policySection([counts("dev-platform", 1), counts("prod-platform", 0, 1), counts("qa-platform")]);
    expect(text).toContain("2 of 3 stacks fail: dev-platform, prod-platform.");
    expect(text).toContain("| prod-platform | 10 | 1 | 1 | 2 |");
  });

  it("reads the synth's policy reports", () => {
    const out = mkdtempSync(join(tmpdir(), "comment-"));
    expect(readPolicyCounts(out)).toEqual([]);
    mkdirSync(join(out, "policy"));
    writeFileSync(join(out, "policy", "dev-platform.json"), JSON.stringify({ stack: "dev-platform", counts: { resources: 5, pass: 9, errors: 0, warnings: 0, suppressed: 1, packErrors: 0 } }));
    writeFileSync(join(out, "policy", "dev-platform.md"), "# not read");
    expect(readPolicyCounts(out)).toEqual([{ stack: "dev-platform", resources: 5, pass: 9, errors: 0, warnings: 0, suppressed: 1, packErrors: 0 }]);
  });
});

describe("the comment's cost section", () => {
  it("shows each report's total and its change against the base, new reports marked", () => {
    const text = costSection(new Map([["dev", 444.77], ["prod", 2291.94], ["qa", 10]]), new Map([["dev", 444.77], ["prod", 2300]]));
    expect(text).toContain("| dev | $444.77 | ±$0.00 |");
    expect(text).toContain("| prod | $2,291.94 | −$8.06 |");
    expect(text).toContain("| qa | $10.00 | new |");
    expect(costSection(new Map([["dev", 12]]), new Map([["dev", 10]]))).toContain("| dev | $12.00 | +$2.00 |");
    expect(costSection(new Map(), new Map())).toContain("No environment report was written");
  });

  it("reads the reports' totals", () => {
    const out = mkdtempSync(join(tmpdir(), "totals-"));
    expect(readCostTotals(out).size).toBe(0);
    mkdirSync(join(out, "report"));
    writeFileSync(join(out, "report", "prod-dr-failover.json"), JSON.stringify({ environment: "prod-dr", totalUsd: 12.5, lines: {} }));
    expect([...readCostTotals(out)]).toEqual([["prod-dr-failover", 12.5]]);
  });
});
