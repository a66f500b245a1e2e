// Reads a cdktf output folder (manifest, stack JSON, policy reports) into one model per environment. Pure JSON
// reading: no cdktf, so it reads whatever any synth wrote.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export type Json = Record<string, any>;

export interface Resource {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  /** `<type>.<name>`, as Terraform and the policy reports name it. */
  readonly address: string;
  readonly config: Json;
  /** The region it is created in: its own `region` argument, else its provider's. */
  readonly region: string;
}

export interface PolicyFinding {
  readonly rule: string;
  readonly level: string;
  readonly address: string;
  readonly status: string;
  readonly message?: string;
}

export interface StackPolicy {
  readonly stack: string;
  readonly counts: { resources: number; pass: number; errors: number; warnings: number; suppressed: number; packErrors?: number };
  readonly findings: readonly PolicyFinding[];
}

export interface EnvironmentModel {
  readonly name: string;
  /** The region of its platform stack (the first stack's when it has none). */
  readonly region: string;
  readonly stacks: readonly string[];
  readonly resources: readonly Resource[];
  /** Absent for a stack the pack did not check. */
  readonly policy: readonly StackPolicy[];
}

const STACK_ROLES = ["cluster-addons", "platform", "bootstrap"];

function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, "utf8")) as Json;
}

export class MissingSynthError extends Error {
  override readonly name = "MissingSynthError";
}

/** The environment a stack belongs to: its AWS provider's `environment` default tag, else its name less the role. */
function environmentOf(stackName: string, json: Json): string {
  for (const provider of json.provider?.aws ?? []) {
    const tag = provider.default_tags?.[0]?.tags?.environment;
    if (typeof tag === "string") return tag;
  }
  const role = STACK_ROLES.find((r) => stackName.endsWith(`-${r}`));
  return role ? stackName.slice(0, -role.length - 1) : stackName;
}

function providerRegions(json: Json): { base: string; byAlias: Record<string, string> } {
  const byAlias: Record<string, string> = {};
  let base = "";
  for (const provider of json.provider?.aws ?? []) {
    if (provider.alias) byAlias[`aws.${provider.alias}`] = provider.region;
    else base = provider.region ?? base;
  }
  return { base, byAlias };
}

export function resourcesOfStack(stack: string, json: Json): Resource[] {
  const regions = providerRegions(json);
  const found: Resource[] = [];
  for (const [type, byName] of Object.entries<Record<string, Json>>(json.resource ?? {})) {
    for (const [name, config] of Object.entries(byName)) {
      const region =
        (typeof config.region === "string" && !config.region.includes("${") && config.region) ||
        (typeof config.provider === "string" && regions.byAlias[config.provider]) ||
        regions.base;
      found.push({ stack, type, name, address: `${type}.${name}`, config, region });
    }
  }
  return found;
}

/** Every environment in `outdir`, in name order. Throws MissingSynthError naming the command when nothing is there. */
export function loadOutput(outdir: string): EnvironmentModel[] {
  const manifestPath = join(outdir, "manifest.json");
  if (!existsSync(manifestPath)) {
    throw new MissingSynthError(
      `no synthesized stacks in ${outdir} (${manifestPath} is missing). Run \`npm run synth\` first, or \`npm run synth -- --report\` to do both.`,
    );
  }
  const manifest = readJson(manifestPath);
  const byEnv = new Map<string, { stacks: string[]; resources: Resource[]; policy: StackPolicy[]; region: string }>();
  const stacks = Object.values<Json>(manifest.stacks).sort((a, b) => a.name.localeCompare(b.name));
  for (const stack of stacks) {
    const json = readJson(join(outdir, stack.synthesizedStackPath));
    const env = environmentOf(stack.name, json);
    const entry = byEnv.get(env) ?? { stacks: [], resources: [], policy: [], region: "" };
    entry.stacks.push(stack.name);
    entry.resources.push(...resourcesOfStack(stack.name, json));
    const region = providerRegions(json).base;
    if (!entry.region || stack.name.endsWith("-platform")) entry.region = region || entry.region;
    const policyPath = join(outdir, "policy", `${stack.name}.json`);
    if (existsSync(policyPath)) {
      const report = readJson(policyPath);
      entry.policy.push({ stack: stack.name, counts: report.counts, findings: report.findings ?? [] });
    }
    byEnv.set(env, entry);
  }
  return [...byEnv.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, e]) => ({ name, region: e.region, stacks: e.stacks, resources: e.resources, policy: e.policy }));
}

const REFERENCE = /\b([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z0-9_-]+)/g;

/** Addresses of the resources (of the same stack) that `resource` references in its interpolations. */
export function referencesOf(resource: Resource, known: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const text = JSON.stringify({ ...resource.config, "//": undefined, depends_on: undefined });
  for (const interpolation of text.match(/\$\{[^}]*\}/g) ?? []) {
    for (const match of interpolation.matchAll(REFERENCE)) {
      const address = `${match[1]}.${match[2]}`;
      if (known.has(`${resource.stack}/${address}`) && address !== resource.address) found.add(address);
    }
  }
  return [...found];
}

/** A readable name: the resource's `name`-like argument or Name tag, else its logical name without the hash. */
export function displayName(resource: Resource): string {
  const c = resource.config;
  const candidates = [c.tags?.Name, c.name, c.identifier, c.bucket, c.function_name, c.broker_name, c.cluster_name,
    c.replication_group_id, c.node_group_name, c.release_name ?? undefined];
  const named = candidates.find((v) => typeof v === "string" && !v.includes("${"));
  return named ?? resource.name.replace(/_[0-9A-F]{8}$/, "");
}
