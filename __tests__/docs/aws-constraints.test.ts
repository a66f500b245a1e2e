// docs/aws-constraints.md must cover every resource type the kit synthesizes, in every disaster-recovery mode,
// and every test file it names as proof of a synth-time check must exist.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing, type TerraformStack } from "cdktf";
import { platform } from "../../config/environments";
import type { DrMode } from "../../config/types";
import { buildPlatform } from "../../stacks/app";

const docs = readFileSync(join(__dirname, "../../docs/aws-constraints.md"), "utf8");
const documented = new Set([...docs.matchAll(/^\| ([a-z0-9_]+(?: \([a-z]+\))?) \|/gm)].map((m) => m[1]!.replace(/ \(.*\)$/, "")));

// Only the recovery environments' stacks change with the mode: every environment once, then those per mode.
const recoveries = platform.environments.filter((e) => e.disasterRecovery).map((e) => e.name).join(",");
function synthesizedTypes(drMode: DrMode): string[] {
  const app = Testing.app();
  buildPlatform(app, platform, { drMode, only: drMode === "standby" ? undefined : recoveries });
  const types = new Set<string>();
  for (const stack of app.node.children as TerraformStack[]) {
    const json = stack.toTerraform() as { resource?: Record<string, unknown>; ephemeral?: Record<string, unknown> };
    for (const type of Object.keys(json.resource ?? {})) types.add(type);
  }
  return [...types].sort();
}

describe("docs/aws-constraints.md", () => {
  it.each<[DrMode]>([["prepare"], ["standby"], ["failover"]])("lists every resource type synthesized with prod-dr in %s", (mode) => {
    const missing = synthesizedTypes(mode).filter((type) => !documented.has(type));
    expect(missing).toEqual([]);
  });

  it("names only test files that exist as the proof of a check", () => {
    const named = [...new Set([...docs.matchAll(/`([a-z0-9-]+\.test\.ts)`/g)].map((m) => m[1]!))];
    expect(named.length).toBeGreaterThan(10);
    const tests = join(__dirname, "..");
    const present = new Set(
      (readdirSync(tests, { recursive: true }) as string[]).map((path) => path.split(/[\\/]/).pop()!),
    );
    const find = (name: string): boolean => present.has(name);
    expect(named.filter((name) => !find(name))).toEqual([]);
  });
});
