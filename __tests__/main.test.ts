import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// scripts/synth.js (bundling main.ts) is what `npm run synth` and `cdktf synth` run; drive it the way users do.
function runMain(env: Record<string, string>) {
  const outdir = mkdtempSync(join(tmpdir(), "main-"));
  const result = spawnSync(process.execPath, ["scripts/synth.js"], {
    cwd: join(__dirname, ".."),
    env: { ...process.env, PLATFORM_OUTDIR: outdir, ...env },
    encoding: "utf8",
  });
  const stacks = existsSync(join(outdir, "stacks")) ? readdirSync(join(outdir, "stacks")).sort() : [];
  rmSync(outdir, { recursive: true, force: true });
  return { status: result.status, stderr: result.stderr, stacks };
}

describe("npm run synth", () => {
  it("synthesizes only the environment named by PLATFORM_ENV", () => {
    const { status, stacks } = runMain({ PLATFORM_ENV: "prod" });
    expect(status).toBe(0);
    expect(stacks).toEqual(["prod-cluster-addons", "prod-platform"]);
  });

  it("fails with the known names when PLATFORM_ENV names an unknown environment", () => {
    const { status, stderr, stacks } = runMain({ PLATFORM_ENV: "qa" });
    expect(status).not.toBe(0);
    expect(stderr).toContain('PLATFORM_ENV: got "qa"; expected a comma-separated list of environment names (dev, staging, prod, prod-dr)');
    expect(stacks).toEqual([]);
  });
});
