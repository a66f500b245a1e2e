// The whole pack against two realistic stacks built with the provider bindings: complete resources, many rules at
// once. Each rule's branches, messages and addresses are pinned by its own cases in rules/<service>.test.ts; this
// file checks what only whole resources show: no rule fails a fully compliant resource it was not written for, no
// rule throws on real binding output, and every rule still finds its problem among the non-compliant resources.
import { evaluate, KIT_RULES, type PolicyReport } from "../../../constructs/policy";
import { fixtureJson, testVersions } from "./fixtures/fixture-stacks";

let compliant: PolicyReport;
let noncompliant: PolicyReport;

beforeAll(() => {
  const json = fixtureJson();
  compliant = evaluate(json.compliant, KIT_RULES, { versions: testVersions });
  noncompliant = evaluate(json.noncompliant, KIT_RULES, { versions: testVersions });
});

test("the compliant fixture has no failing finding at all, and every rule passes something in it", () => {
  expect(compliant.findings.filter((f) => f.status !== "pass")).toEqual([]);
  const passing = new Set(compliant.findings.map((f) => f.rule));
  expect(KIT_RULES.map((r) => r.id).filter((id) => !passing.has(id))).toEqual([]);
});

test("every rule fails something in the non-compliant fixture", () => {
  const failing = new Set(noncompliant.findings.filter((f) => f.status === "fail").map((f) => f.rule));
  expect(KIT_RULES.map((r) => r.id).filter((id) => !failing.has(id))).toEqual([]);
});

test("no rule throws on either fixture: a rule that throws is a pack error, never a finding", () => {
  expect(compliant.packErrors).toEqual([]);
  expect(noncompliant.packErrors).toEqual([]);
});

test("a failure carries the rule's fix", () => {
  const finding = noncompliant.findings.find((f) => f.rule === "KIT-SG-001" && f.address === "aws_security_group.bad-sg");
  expect(finding).toMatchObject({ status: "fail", message: "ingress[0] admits tcp 22 from 0.0.0.0/0", fix: expect.stringMatching(/allowFrom/) });
});
