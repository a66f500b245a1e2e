// The engine around the rules: settings, stack names, counts, unused suppressions. (Each rule's use of the settings
// and of the version catalog is pinned by its own cases in rules/<service>.test.ts.)
import { DEFAULT_SETTINGS, evaluate, KIT_RULES, type Suppression } from "../../../constructs/policy";
import { defineRule, fail, notApplicable, pass } from "../../../constructs/policy/types";

const subnets = {
  "//": { metadata: { stackName: "net" } },
  resource: {
    aws_subnet: {
      pub: { map_public_ip_on_launch: true, "//": { metadata: { path: "net/pub" } } },
      priv: { "//": { metadata: { path: "net/priv" } } },
    },
  },
};

test("the report records the settings it was evaluated with: the defaults (production's) overridden by the given ones", () => {
  expect(evaluate(subnets, []).settings).toEqual({ multiAz: true, deletionProtection: true, publicIngressPorts: [80, 443], minBackupRetentionDays: 7 });
  expect(evaluate(subnets, [], { settings: { multiAz: false, minBackupRetentionDays: 30 } }).settings).toEqual({ ...DEFAULT_SETTINGS, multiAz: false, minBackupRetentionDays: 30 });
});

test("the stack is named by its metadata, else by the given name, else 'stack'", () => {
  expect(evaluate(subnets, [], { stackName: "other" }).stack).toBe("net");
  expect(evaluate({ resource: subnets.resource }, [], { stackName: "other" }).stack).toBe("other");
  expect(evaluate({ resource: subnets.resource }, []).stack).toBe("stack");
});

test("findings carry the construct path; n/a outcomes leave no finding; notes become messages", () => {
  const rule = defineRule({
    id: "KIT-TEST-001",
    level: "warning",
    description: "Test.",
    fix: "Fix it.",
    appliesTo: ["aws_subnet", "aws_vpc"],
    check: ({ name }) => (name === "pub" ? fail("public") : name === "priv" ? pass("a note") : notApplicable),
  });
  const report = evaluate({ resource: { ...subnets.resource, aws_vpc: { v: {} } } }, [rule]);
  expect(report.findings).toEqual([
    { rule: "KIT-TEST-001", level: "warning", status: "pass", address: "aws_subnet.priv", path: "net/priv", message: "a note" },
    { rule: "KIT-TEST-001", level: "warning", status: "fail", address: "aws_subnet.pub", path: "net/pub", message: "public", fix: "Fix it." },
  ]);
  expect(report.counts).toEqual({ resources: 3, pass: 1, errors: 0, warnings: 1, suppressed: 0, packErrors: 0 });
  expect(report.rules).toEqual([{ id: "KIT-TEST-001", level: "warning", description: "Test.", fix: "Fix it." }]);
});

test("a suppression covers the failing resource at or beneath its path, and is counted", () => {
  const suppressions: Suppression[] = [{ ruleId: "KIT-EC2-003", reason: "public ALB subnets", path: "net" }];
  const report = evaluate(subnets, KIT_RULES, { suppressions });
  expect(report.findings.filter((f) => f.rule === "KIT-EC2-003")).toEqual([
    { rule: "KIT-EC2-003", level: "error", status: "pass", address: "aws_subnet.priv", path: "net/priv" },
    { rule: "KIT-EC2-003", level: "error", status: "suppressed", address: "aws_subnet.pub", path: "net/pub", message: "map_public_ip_on_launch is true", reason: "public ALB subnets" },
  ]);
  expect(report.suppressions).toEqual([{ ...suppressions[0], suppressed: 1 }]);
  expect(report.counts).toMatchObject({ errors: 0, suppressed: 1 });
});

test("suppressions that suppress nothing are warnings under KIT-PACK-001, with the rule's summary", () => {
  const suppressions: Suppression[] = [
    { ruleId: "KIT-EC2-003", reason: "nothing fails under here", path: "net/priv" },
    { ruleId: "KIT-NOPE-001", reason: "no such rule in the pack", path: "net/pub" },
    { ruleId: "KIT-EC2-003", reason: "a path that is only a prefix", path: "net/pu" },
  ];
  const report = evaluate(subnets, KIT_RULES, { suppressions });
  const fix = "remove the suppression, or attach it to the construct that holds the failing resource";
  expect(report.findings.filter((f) => f.rule === "KIT-PACK-001")).toEqual([
    { rule: "KIT-PACK-001", level: "warning", status: "fail", address: "net/priv", path: "net/priv", message: "suppression of KIT-EC2-003 matches no failing resource under net/priv", fix },
    { rule: "KIT-PACK-001", level: "warning", status: "fail", address: "net/pu", path: "net/pu", message: "suppression of KIT-EC2-003 matches no failing resource under net/pu", fix },
    { rule: "KIT-PACK-001", level: "warning", status: "fail", address: "net/pub", path: "net/pub", message: "suppression names KIT-NOPE-001, which is not a rule of this pack", fix },
  ]);
  expect(report.rules.find((r) => r.id === "KIT-PACK-001")).toEqual({
    id: "KIT-PACK-001",
    level: "warning",
    description: "Every suppression suppresses at least one failing finding.",
    fix: "Remove suppressions that no longer match anything.",
  });
  expect(report.suppressions.map((s) => `${s.ruleId} ${s.path} ${s.suppressed}`)).toEqual(["KIT-EC2-003 net/priv 0", "KIT-EC2-003 net/pu 0", "KIT-NOPE-001 net/pub 0"]);
});

test("a resource without a construct path is never covered by a suppression", () => {
  const report = evaluate({ resource: { aws_subnet: { pub: { map_public_ip_on_launch: true } } } }, KIT_RULES, {
    suppressions: [{ ruleId: "KIT-EC2-003", reason: "would cover anything", path: "" }],
  });
  expect(report.counts).toMatchObject({ errors: 1, suppressed: 0 });
});

test("findings of one rule at one address are ordered by message", () => {
  const suppressions: Suppression[] = [
    { ruleId: "KIT-ZZZ-001", reason: "an unknown rule, sorted by message", path: "net/x" },
    { ruleId: "KIT-MMM-001", reason: "an unknown rule, sorted by message", path: "net/x" },
    { ruleId: "KIT-AAA-001", reason: "an unknown rule, sorted by message", path: "net/x" },
  ];
  const report = evaluate(subnets, [], { suppressions });
  expect(report.findings.map((f) => f.message)).toEqual([
    "suppression names KIT-AAA-001, which is not a rule of this pack",
    "suppression names KIT-MMM-001, which is not a rule of this pack",
    "suppression names KIT-ZZZ-001, which is not a rule of this pack",
  ]);
  expect(report.suppressions.map((s) => s.ruleId)).toEqual(["KIT-AAA-001", "KIT-MMM-001", "KIT-ZZZ-001"]);
});
