// Reads IAM policy documents out of attribute values: JSON strings (the kit renders its own), or references to an
// `aws_iam_policy_document` data source in the same stack, which is converted statement by statement.

import { parseReference, type StackIndex } from "./stack-index";
import { blocks, isObject, stringList } from "./values";

export interface Principals {
  /** `"*"` as a whole principal, or `{ AWS: "*" }`. */
  readonly anyone: boolean;
  readonly aws: readonly string[];
  readonly service: readonly string[];
  readonly federated: readonly string[];
}

export interface Statement {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly principals?: Principals;
  /** Condition keys by operator, e.g. `{ StringEquals: { "aws:SourceAccount": [...] } }`. */
  readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export type ReadPolicy = { readonly statements: readonly Statement[] } | { readonly unreadable: string };

export function readPolicy(value: unknown, stack: StackIndex): ReadPolicy {
  if (value === undefined || value === null || value === "") return { statements: [] };
  const ref = parseReference(value);
  if (ref?.mode === "data" && ref.type === "aws_iam_policy_document") {
    const source = stack.dataSource(ref.type, ref.name);
    return source ? { statements: fromDataSource(source.config, stack) } : { unreadable: `${String(value)} is not in this stack` };
  }
  const doc = typeof value === "string" ? parseJson(value) : value;
  if (!isObject(doc)) return { unreadable: "the policy is not a JSON document known at synth time" };
  const raw = doc["Statement"];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return { statements: list.filter(isObject).map(fromJson) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function fromJson(s: Record<string, unknown>): Statement {
  return {
    ...(typeof s["Sid"] === "string" ? { sid: s["Sid"] } : {}),
    effect: s["Effect"] === "Deny" ? "Deny" : "Allow",
    actions: stringList(s["Action"]),
    notActions: stringList(s["NotAction"]),
    resources: stringList(s["Resource"]),
    ...(s["Principal"] !== undefined ? { principals: principalsFromJson(s["Principal"]) } : {}),
    conditions: conditionsFromJson(s["Condition"]),
  };
}

function principalsFromJson(p: unknown): Principals {
  if (p === "*") return { anyone: true, aws: [], service: [], federated: [] };
  const o = isObject(p) ? p : {};
  const aws = stringList(o["AWS"]);
  return {
    anyone: aws.includes("*"),
    aws,
    service: stringList(o["Service"]),
    federated: stringList(o["Federated"]),
  };
}

function conditionsFromJson(c: unknown): Statement["conditions"] {
  if (!isObject(c)) return {};
  const out: Record<string, Record<string, string[]>> = {};
  for (const [op, keys] of Object.entries(c)) {
    if (!isObject(keys)) continue;
    out[op] = Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, stringList(typeof v === "boolean" ? String(v) : v)]));
  }
  return out;
}

function fromDataSource(config: Readonly<Record<string, unknown>>, stack: StackIndex): Statement[] {
  const inherited = [...stringList(config["source_policy_documents"]), ...stringList(config["override_policy_documents"])]
    .map((doc) => readPolicy(doc, stack))
    .flatMap((r) => ("statements" in r ? r.statements : []));
  const own = blocks(config["statement"]).map((s): Statement => {
    const principals = blocks(s["principals"]);
    const byType = (t: string) => principals.filter((p) => p["type"] === t).flatMap((p) => stringList(p["identifiers"]));
    const conditions: Record<string, Record<string, string[]>> = {};
    for (const c of blocks(s["condition"])) {
      const op = String(c["test"]);
      conditions[op] = { ...conditions[op], [String(c["variable"])]: stringList(c["values"]) };
    }
    return {
      ...(typeof s["sid"] === "string" ? { sid: s["sid"] } : {}),
      effect: s["effect"] === "Deny" ? "Deny" : "Allow",
      actions: stringList(s["actions"]),
      notActions: stringList(s["not_actions"]),
      resources: stringList(s["resources"]),
      ...(principals.length > 0
        ? {
            principals: {
              anyone: principals.some((p) => p["type"] === "*") || byType("AWS").includes("*"),
              aws: byType("AWS"),
              service: byType("Service"),
              federated: byType("Federated"),
            },
          }
        : {}),
      conditions,
    };
  });
  return [...inherited, ...own];
}

export function hasConditions(s: Statement): boolean {
  return Object.values(s.conditions).some((keys) => Object.keys(keys).length > 0);
}

/** Condition keys used anywhere in the statement, lower-cased (IAM condition keys are case-insensitive). */
export function conditionKeys(s: Statement): string[] {
  return Object.values(s.conditions).flatMap((keys) => Object.keys(keys).map((k) => k.toLowerCase()));
}

export function describe(s: Statement, index: number): string {
  return s.sid ? `statement "${s.sid}"` : `statement ${index + 1}`;
}
