import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { App, Testing, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";

export interface SynthJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, Record<string, unknown>>;
  provider?: Record<string, Record<string, unknown>[]>;
  terraform?: Record<string, unknown>;
  /** Ephemeral resources (added by overrides: cdktf 0.21 has no binding for them). */
  ephemeral?: Record<string, Record<string, Record<string, unknown>>>;
}

export function emptyStack(id = "test"): { app: App; stack: TerraformStack } {
  const app = Testing.app();
  return { app, stack: new TerraformStack(app, id) };
}

export function synthJson(stack: TerraformStack): SynthJson {
  return JSON.parse(Testing.synth(stack)) as SynthJson;
}

/** All resources of one Terraform type, keyed by their logical name. */
export function resourcesOf(json: SynthJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource?.[type] ?? {};
}

export function countOf(json: SynthJson, type: string): number {
  return Object.keys(resourcesOf(json, type)).length;
}

/**
 * The single resource of a type whose construct path ends with `pathSuffix` (e.g. `network/vpc`).
 * Testing.synth drops the metadata; its logical names are the path joined with "_" plus an 8-character hash.
 */
export function resourceAt(json: SynthJson, type: string, pathSuffix: string): Record<string, unknown> {
  const flat = pathSuffix.replace(/\//g, "_");
  const matches = Object.entries(resourcesOf(json, type)).filter(([name, r]) => {
    const meta = (r["//"] as { metadata?: { path?: string } } | undefined)?.metadata;
    const human = name.replace(/_[0-9A-F]{8}$/, "");
    return meta?.path ? meta.path.endsWith(pathSuffix) : human === flat || human.endsWith(`_${flat}`);
  }).map(([, r]) => r);
  if (matches.length !== 1) throw new Error(`expected one ${type} at *${pathSuffix}, found ${matches.length}`);
  return matches[0];
}

/** Warning messages attached (Annotations.addWarning) to any construct in the tree below `scope`. */
export function warningsIn(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === "@cdktf/warn")
    .map((m) => String(m.data));
}

interface Statement {
  Effect: string;
  Principal?: unknown;
  Action?: unknown;
  Condition?: unknown;
}

/** Every IAM, key, bucket or repository policy statement in a synthesized stack, parsed. */
export function policyStatements(json: SynthJson): { type: string; name: string; statement: Statement }[] {
  const found: { type: string; name: string; statement: Statement }[] = [];
  for (const [type, resources] of Object.entries(json.resource ?? {})) {
    for (const [name, config] of Object.entries(resources)) {
      for (const key of ["policy", "assume_role_policy", "policy_document"]) {
        const text = config[key];
        if (typeof text !== "string" || !text.trim().startsWith("{")) continue;
        const doc = JSON.parse(text) as { Statement?: Statement[] };
        // Lifecycle policies and the like are JSON too, but hold no statements.
        for (const statement of doc.Statement ?? []) found.push({ type, name, statement });
      }
    }
  }
  return found;
}

/** True when a statement allows anyone: Principal "*" or {AWS: "*"}. */
export function allowsAnyPrincipal(statement: Statement): boolean {
  if (statement.Effect !== "Allow") return false;
  const p = statement.Principal as string | { AWS?: string | string[] } | undefined;
  if (p === "*") return true;
  const aws = typeof p === "object" ? p?.AWS : undefined;
  return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
}

/** Every file below `root`, by path relative to it: what a synth wrote, to compare byte for byte. */
export function readTree(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(root, path), readFileSync(path));
    }
  };
  walk(root);
  return files;
}

/**
 * Synthesizes every environment into `outdir` the way `npm run synth` does, and reads what it wrote.
 * @default config the shipped configuration
 */
export function synthPlatformTo(outdir: string, config?: import("../config/types").ProjectConfig): Map<string, Buffer> {
  // Required here, not imported at the top: most tests of helpers.ts never build the whole platform.
  const { platform } = require("../config/environments") as typeof import("../config/environments");
  const { buildPlatform } = require("../stacks/app") as typeof import("../stacks/app");
  const app = new App({ outdir, stackTraces: false });
  buildPlatform(app, config ?? platform);
  app.synth();
  return readTree(outdir);
}
