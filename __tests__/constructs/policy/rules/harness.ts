// Per-rule cases. Each rule meets the smallest stack JSON that takes one of its branches, and the test pins the
// whole finding (rule, level, status, address, message, fix), so a rule that reads the wrong attribute, returns the
// wrong message or judges the wrong resource fails its own case. Cases are plain synthesized-shape JSON, which
// evaluates in microseconds; one test per file renders every fixture through the provider bindings, so a rule and
// its fixture cannot agree on an attribute name or block shape the provider does not have.

import { readdirSync } from "node:fs";
import { join } from "node:path";
import { TerraformElement, TerraformStack, Testing } from "cdktf";
import { evaluate, KIT_RULES, type PolicySettings, type Rule, type VersionLookup } from "../../../../constructs/policy";
import { testVersions } from "../fixtures/test-versions";

/** `type -> name -> attributes`, the shape of the `resource` and `data` sections of cdk.tf.json. */
export type Blocks = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;

/** A note or message is matched exactly (string) or by a pattern; `["pass"]` asserts there is no note. */
export type Expect = readonly ["pass"] | readonly ["pass", string | RegExp] | readonly ["fail", string | RegExp] | readonly ["n/a"];

export interface RuleCase {
  readonly name: string;
  readonly expect: Expect;
  readonly resources: Blocks;
  readonly data?: Blocks;
  readonly settings?: Partial<PolicySettings>;
  /** @default testVersions; null evaluates without a version catalog */
  readonly versions?: VersionLookup | null;
  /** @default the first resource of a type the rule applies to */
  readonly address?: string;
  /**
   * Why the fixture is not what the provider binding renders (a block written as a list, as an override may, or a
   * string where the schema has a boolean); such a case skips the binding check.
   */
  readonly rawShape?: string;
}

export type RuleCases = Readonly<Record<string, readonly RuleCase[]>>;

const RULES_DIR = join(__dirname, "../../../../constructs/policy/rules");

/** Registers every case of one rules folder, and the folder's completeness and attribute-name checks. */
export function ruleSuite(folder: string, cases: RuleCases): void {
  for (const [id, list] of Object.entries(cases)) {
    describe(id, () => {
      test.each(list.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        const rule = KIT_RULES.find((r) => r.id === id);
        if (!rule) throw new Error(`${id} is not in KIT_RULES`);
        expectOutcome(rule, c);
      });
    });
  }

  test(`every rule under rules/${folder}/ has a compliant and a non-compliant case of its own`, () => {
    const ids = rulesInFolder(folder);
    const lacking = ids.filter((id) => !["pass", "fail"].every((s) => cases[id]?.some((c) => c.expect[0] === s)));
    expect(lacking).toEqual([]);
    expect(Object.keys(cases).sort()).toEqual(ids);
  });

  test(`rules/${folder} fixtures render the same through the provider bindings (attribute names and block shapes are real)`, () => {
    const mismatches: string[] = [];
    for (const [id, list] of Object.entries(cases)) {
      for (const c of list) {
        if (c.rawShape) continue;
        for (const problem of bindingMismatches(c)) mismatches.push(`${id} "${c.name}": ${problem}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
}

/** Rule ids defined by the files of one rules folder, sorted. */
export function rulesInFolder(folder: string): string[] {
  const dir = join(RULES_DIR, folder);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => (require(join(dir, f)) as { default: Rule }).default.id)
    .sort();
}

export function evaluateCase(rule: Rule, c: RuleCase) {
  const versions = c.versions === null ? undefined : (c.versions ?? testVersions);
  const json = { resource: c.resources, ...(c.data ? { data: c.data } : {}) };
  return evaluate(json, [rule], { ...(c.settings ? { settings: c.settings } : {}), ...(versions ? { versions } : {}) });
}

function expectOutcome(rule: Rule, c: RuleCase): void {
  const report = evaluateCase(rule, c);
  expect(report.packErrors).toEqual([]);
  const address = c.address ?? defaultAddress(rule, c.resources);
  const found = report.findings.filter((f) => f.address === address);
  const [status, text] = c.expect;
  if (status === "n/a") {
    expect(found).toEqual([]);
    return;
  }
  const message = text === undefined ? {} : { message: typeof text === "string" ? text : expect.stringMatching(text) };
  const fix = status === "fail" ? { fix: rule.fix } : {};
  expect(found).toEqual([{ rule: rule.id, level: rule.level, status, address, ...message, ...fix }]);
}

function defaultAddress(rule: Rule, resources: Blocks): string {
  for (const [type, byName] of Object.entries(resources)) {
    const name = Object.keys(byName)[0];
    if (rule.appliesTo.includes(type) && name !== undefined) return `${type}.${name}`;
  }
  throw new Error(`the case has no resource of ${rule.appliesTo.join(", ")}`);
}

// --- binding check -------------------------------------------------------------------------------------------

type Binding = new (scope: TerraformStack, id: string, config: Record<string, unknown>) => TerraformElement;

/** Types the bindings do not cover (cdktf core); their fixtures are taken as written. */
const NO_BINDING = new Set(["data.terraform_remote_state"]);

function bindingFor(section: "resource" | "data", type: string): Binding | undefined {
  const [pkg, bare] = type.startsWith("helm_")
    ? ["provider-helm", type.slice(5)]
    : type.startsWith("kubernetes_")
      ? ["provider-kubernetes", type.slice(11)]
      : ["provider-aws", type.replace(/^aws_/, "")];
  const file = `${section === "data" ? `data-${type.startsWith("aws_") ? "aws-" : ""}` : ""}${bare.replace(/_/g, "-")}`;
  const mod = require(`@cdktf/${pkg}/lib/${file}`) as Record<string, unknown>;
  return Object.values(mod).find(
    (v): v is Binding => typeof v === "function" && (v as unknown as { tfResourceType?: string }).tfResourceType === type,
  );
}

/** Terraform attribute names to the bindings' props; map keys (tags, variables) are left alone. */
function toProps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toProps);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [/^[a-z][a-z0-9_]*$/.test(k) ? k.replace(/_([a-z0-9])/g, (_m, ch: string) => ch.toUpperCase()) : k, toProps(v)]),
  );
}

function bindingMismatches(c: RuleCase): string[] {
  const stack = new TerraformStack(Testing.app(), "fixture");
  const problems: string[] = [];
  const sections = [["resource", c.resources], ["data", c.data ?? {}]] as const;
  for (const [section, blocks] of sections) {
    for (const [type, byName] of Object.entries(blocks)) {
      if (NO_BINDING.has(`${section === "data" ? "data." : ""}${type}`)) continue;
      const Cls = bindingFor(section, type);
      if (!Cls) {
        problems.push(`no provider binding for ${section} ${type}`);
        continue;
      }
      for (const [name, config] of Object.entries(byName)) new Cls(stack, name, toProps(config) as Record<string, unknown>).overrideLogicalId(name);
    }
  }
  const rendered = stack.toTerraform() as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
  for (const [section, blocks] of sections) {
    for (const [type, byName] of Object.entries(blocks)) {
      for (const [name, config] of Object.entries(byName)) {
        const out = rendered[section]?.[type]?.[name];
        if (!out) continue;
        const { "//": _meta, ...attributes } = out;
        if (canonical(attributes) !== canonical(config)) {
          problems.push(`${type}.${name} renders as ${canonical(attributes)}, the fixture has ${canonical(config)}`);
        }
      }
    }
  }
  return problems;
}

/** JSON with sorted keys: the bindings render attributes in schema order, fixtures in any order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}
