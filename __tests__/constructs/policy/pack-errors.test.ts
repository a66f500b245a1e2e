// A rule that throws has not judged the resource: each path below must keep it a pack error (counted apart, failing
// the synth, never a finding and never suppressible), so a regression in any of them fails a test of its own.
import { Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { App, TerraformStack } from "cdktf";
import {
  applyPolicyPack,
  evaluate,
  formatPackErrors,
  renderJson,
  renderMarkdown,
  suppress,
  type Suppression,
} from "../../../constructs/policy";
import { defineRule, fail, pass, type Rule } from "../../../constructs/policy/types";

const subnets = {
  resource: {
    aws_subnet: {
      a: { vpc_id: "v", cidr_block: "10.0.1.0/24", map_public_ip_on_launch: true, "//": { metadata: { path: "net/a" } } },
      b: { vpc_id: "v", cidr_block: "10.0.2.0/24", "//": { metadata: { path: "net/b" } } },
    },
  },
};

/** Throws on public subnets, passes the others. */
function throwing(id: string, level: Rule["level"], thrown: unknown = new Error("cannot read properties of undefined")): Rule {
  return defineRule({
    id,
    level,
    description: "Throws on public subnets.",
    fix: "None.",
    appliesTo: ["aws_subnet"],
    check: ({ config }) => {
      if (config["map_public_ip_on_launch"] === true) throw thrown;
      return pass();
    },
  });
}

const failing = defineRule({
  id: "KIT-TEST-900",
  level: "error",
  description: "Fails every subnet.",
  fix: "None.",
  appliesTo: ["aws_subnet"],
  check: () => fail("always"),
});

describe("evaluate", () => {
  test("reports the throw as a pack error naming rule, address and message, counted apart from findings", () => {
    const report = evaluate(subnets, [throwing("KIT-TEST-001", "error")]);
    expect(report.packErrors).toEqual([{ rule: "KIT-TEST-001", address: "aws_subnet.a", message: "cannot read properties of undefined" }]);
    expect(report.counts).toEqual({ resources: 2, pass: 1, errors: 0, warnings: 0, suppressed: 0, packErrors: 1 });
    expect(report.findings.map((f) => [f.address, f.status])).toEqual([["aws_subnet.b", "pass"]]);
  });

  test.each([
    ["a string", "plain string thrown", "plain string thrown"],
    ["a number", 42, "42"],
    ["an object", { code: "E" }, "[object Object]"],
  ])("keeps %s that is not an Error as its string form", (_what, thrown, message) => {
    expect(evaluate(subnets, [throwing("KIT-TEST-001", "warning", thrown)]).packErrors).toEqual([{ rule: "KIT-TEST-001", address: "aws_subnet.a", message }]);
  });

  test("does not hide other rules' findings on the same resource", () => {
    const report = evaluate(subnets, [throwing("KIT-TEST-001", "warning"), failing]);
    expect(report.findings.filter((f) => f.rule === "KIT-TEST-900").map((f) => f.address)).toEqual(["aws_subnet.a", "aws_subnet.b"]);
    expect(report.counts).toMatchObject({ errors: 2, packErrors: 1 });
  });

  test("sorts pack errors by rule, then address", () => {
    const everywhere = (id: string) => defineRule({ ...throwing(id, "error"), check: () => { throw new Error(id); } });
    const report = evaluate(subnets, [everywhere("KIT-TEST-002"), everywhere("KIT-TEST-001")]);
    expect(report.packErrors.map((e) => `${e.rule} ${e.address}`)).toEqual([
      "KIT-TEST-001 aws_subnet.a",
      "KIT-TEST-001 aws_subnet.b",
      "KIT-TEST-002 aws_subnet.a",
      "KIT-TEST-002 aws_subnet.b",
    ]);
  });

  test("a suppression cannot turn it into a suppressed finding, and is not reported unused for it", () => {
    const suppressions: Suppression[] = [{ ruleId: "KIT-TEST-001", reason: "a reason long enough", path: "net/a" }];
    const report = evaluate(subnets, [throwing("KIT-TEST-001", "error")], { suppressions });
    expect(report.counts).toMatchObject({ suppressed: 0, packErrors: 1 });
    expect(report.findings.filter((f) => f.status !== "pass")).toEqual([]);
    expect(report.suppressions).toEqual([{ ...suppressions[0], suppressed: 0 }]);
  });

  test("a suppression of the same rule elsewhere, where it passes, is still reported unused", () => {
    const suppressions: Suppression[] = [{ ruleId: "KIT-TEST-001", reason: "a reason long enough", path: "net/b" }];
    const report = evaluate(subnets, [throwing("KIT-TEST-001", "error")], { suppressions });
    expect(report.findings.filter((f) => f.rule === "KIT-PACK-001").map((f) => f.address)).toEqual(["net/b"]);
  });
});

describe("reports", () => {
  const report = evaluate(subnets, [throwing("KIT-TEST-001", "warning"), throwing("KIT-TEST-002", "warning", new Error("a | b"))]);
  const clean = evaluate(subnets, [failing]);

  test("the synth message counts and lists every pack error; none means no message", () => {
    expect(formatPackErrors(report)).toBe(
      [
        "Policy pack defect: 2 rule evaluations threw in stack (a bug in the rule, not a finding about the stack; it cannot be suppressed)",
        "  1. KIT-TEST-001 on aws_subnet.a: cannot read properties of undefined",
        "  2. KIT-TEST-002 on aws_subnet.a: a | b",
        "  Fix the rule under constructs/policy/rules/ (its tests should reproduce the resource above).",
      ].join("\n"),
    );
    expect(formatPackErrors(evaluate(subnets, [throwing("KIT-TEST-001", "warning")]))).toMatch(/^Policy pack defect: 1 rule evaluation threw in stack \(/);
    expect(formatPackErrors(clean)).toBeUndefined();
  });

  test("the Markdown report has a Pack errors section only when there are some", () => {
    const md = renderMarkdown(report);
    expect(md).toContain(
      ["## Pack errors (rules that threw)", "", "| rule | resource | error |", "|---|---|---|", "| KIT-TEST-001 | aws_subnet.a | cannot read properties of undefined |", "| KIT-TEST-002 | aws_subnet.a | a \\| b |", "", "## Failures"].join("\n"),
    );
    expect(renderMarkdown(clean)).not.toContain("Pack errors");
  });

  test("the JSON report carries them", () => {
    expect(JSON.parse(renderJson(report))).toMatchObject({ counts: { packErrors: 2 }, packErrors: report.packErrors });
  });
});

describe("the synth", () => {
  function stackWithPublicSubnet() {
    const app = Testing.app() as App;
    const stack = new TerraformStack(app, "net");
    new AwsProvider(stack, "aws", { region: "us-west-2" });
    const subnet = new Subnet(stack, "public", { vpcId: "v", cidrBlock: "10.0.1.0/24", mapPublicIpOnLaunch: true });
    return { stack, subnet };
  }

  test("fails with the pack errors first and the rule errors after them", () => {
    const { stack } = stackWithPublicSubnet();
    applyPolicyPack(stack, { rules: [throwing("KIT-TEST-001", "warning"), failing], reportDir: false, log: () => undefined });
    expect(() => Testing.synth(stack, true)).toThrow(/Policy pack defect: 1 rule evaluation threw in net[^]*Policy pack: 1 error in net/);
  });

  test("fails on a warning-level rule's throw even when every finding is suppressed", () => {
    const { stack, subnet } = stackWithPublicSubnet();
    suppress(subnet, "KIT-TEST-001", "a suppression must not hide a defect of the pack");
    suppress(subnet, "KIT-TEST-900", "the other rule's finding is accepted here");
    const logged: string[] = [];
    const handle = applyPolicyPack(stack, { rules: [throwing("KIT-TEST-001", "warning"), failing], reportDir: false, log: (l) => logged.push(l) });
    let message = "";
    try {
      Testing.synth(stack, true);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("[net] Policy pack defect: 1 rule evaluation threw in net");
    expect(message).not.toContain("Policy pack: ");
    expect(handle.lastReport?.counts).toMatchObject({ errors: 0, suppressed: 1, packErrors: 1 });
    expect(logged).toHaveLength(0);
  });
});
