// Which stacks a change touches: the pull-request workflow synthesizes the base and the change, and runs
// `cdktf diff` only for the stacks whose Terraform JSON differs (a changed handler bundle changes its asset hash,
// so code changes count too). Bootstrap stacks are listed apart: an administrator applies them, not the pipeline.
//   tsx scripts/ci/touched-stacks.ts <base cdktf.out> <head cdktf.out>   → `stacks=[...]` and `bootstrap=[...]` lines
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface TouchedStack {
  readonly stack: string;
  readonly environment: string;
  readonly region: string;
}

const ROLES = ["-cluster-addons", "-platform", "-bootstrap"] as const;

export function environmentOf(stack: string): string {
  const role = ROLES.find((r) => stack.endsWith(r));
  if (!role) throw new Error(`stack ${stack}: expected an id ending in ${ROLES.join(", ")}; the kit names stacks <env>-<role>`);
  return stack.slice(0, -role.length);
}

/** Stack id → its synthesized `cdk.tf.json` text, for every stack under `outdir/stacks`. */
export function readStacks(outdir: string): Map<string, string> {
  const dir = join(outdir, "stacks");
  if (!existsSync(dir)) return new Map();
  return new Map(
    readdirSync(dir)
      .filter((id) => existsSync(join(dir, id, "cdk.tf.json")))
      .map((id) => [id, readFileSync(join(dir, id, "cdk.tf.json"), "utf8")] as const),
  );
}

function regionOf(text: string): string {
  const json = JSON.parse(text) as { provider?: { aws?: { region?: string }[] } };
  return json.provider?.aws?.[0]?.region ?? "";
}

/** Stacks that are new or changed in `head`, in the order `head` lists them (removed stacks are not diffed). */
export function touchedStacks(base: ReadonlyMap<string, string>, head: ReadonlyMap<string, string>): TouchedStack[] {
  return [...head.entries()]
    .filter(([id, text]) => base.get(id) !== text)
    .map(([id, text]) => ({ stack: id, environment: environmentOf(id), region: regionOf(text) }));
}

if (require.main === module) {
  const [baseDir, headDir] = process.argv.slice(2);
  if (!baseDir || !headDir) {
    console.error("usage: tsx scripts/ci/touched-stacks.ts <base cdktf.out> <head cdktf.out>");
    process.exit(2);
  }
  const touched = touchedStacks(readStacks(baseDir), readStacks(headDir));
  const isBootstrap = (t: TouchedStack) => t.stack.endsWith("-bootstrap");
  console.log(`stacks=${JSON.stringify(touched.filter((t) => !isBootstrap(t)))}`);
  console.log(`bootstrap=${JSON.stringify(touched.filter(isBootstrap).map((t) => t.stack))}`);
}
