// The registry's completeness and the rules' metadata.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { KIT_RULES } from "../../../constructs/policy";

const RULES_DIR = join(__dirname, "../../../constructs/policy/rules");

test("every rule file is registered, and nothing else", () => {
  const files = readdirSync(RULES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== "shared")
    .flatMap((d) => readdirSync(join(RULES_DIR, d.name)).filter((f) => f.endsWith(".ts")));
  expect(KIT_RULES).toHaveLength(files.length);
  expect(KIT_RULES.length).toBeGreaterThanOrEqual(50);
});

test("rule ids are unique and well-formed", () => {
  const ids = KIT_RULES.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^KIT-[A-Z0-9]+-\d{3}$/);
});

test.each(KIT_RULES.map((r) => [r.id, r] as const))("%s has one-line metadata and well-formed references", (_id, rule) => {
  expect(["error", "warning"]).toContain(rule.level);
  for (const text of [rule.description, rule.fix]) {
    expect(text.length).toBeGreaterThan(10);
    expect(text).not.toMatch(/\n/);
  }
  expect(rule.appliesTo.length).toBeGreaterThan(0);
  for (const type of rule.appliesTo) expect(type).toMatch(/^[a-z0-9_]+$/);
  for (const id of rule.refs?.checkov ?? []) expect(id).toMatch(/^CKV2?_AWS_\d+$/);
  for (const id of rule.refs?.trivy ?? []) expect(id).toMatch(/^AVD-AWS-\d{4}$/);
  for (const id of rule.refs?.fsbp ?? []) expect(id).toMatch(/^[A-Za-z0-9]+\.\d+$/);
});

test("docs/policy-pack.md lists every rule with its level", () => {
  const docs = readFileSync(join(__dirname, "../../../docs/policy-pack.md"), "utf8");
  const missing = KIT_RULES.filter((r) => !docs.includes(`| ${r.id} | ${r.level} |`)).map((r) => r.id);
  expect(missing).toEqual([]);
});
