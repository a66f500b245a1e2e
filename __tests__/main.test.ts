import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { platform } from "../config/environments";

// scripts/synth.js (bundling main.ts) is what `npm run synth` and `cdktf synth` run; drive it the way users do.
function runMain(env: Record<string, string>, outdirVariable: "PLATFORM_OUTDIR" | "CDKTF_OUTDIR" = "PLATFORM_OUTDIR") {
  const outdir = mkdtempSync(join(tmpdir(), "main-"));
  const { PLATFORM_OUTDIR: _p, CDKTF_OUTDIR: _c, ...inherited } = process.env;
  const result = spawnSync(process.execPath, ["scripts/synth.js"], {
    cwd: join(__dirname, ".."),
    env: { ...inherited, [outdirVariable]: outdir, ...env },
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
    expect(stacks).toEqual(["prod-bootstrap", "prod-cluster-addons", "prod-platform"]);
  });

  it("prints the constructs' warnings, such as the shipped placeholder JWT issuer", () => {
    const { status, stderr } = runMain({ PLATFORM_ENV: "dev" });
    expect(status).toBe(0);
    expect(stderr).toContain(
      "[WARN] dev-platform/handlers/query-api: api.jwtIssuer https://auth.example.com/aec-platform-dev/ is a placeholder (a reserved example domain)",
    );
  });

  it("writes where the cdktf CLI asks (CDKTF_OUTDIR, its --output) and leaves printing warnings to the CLI", () => {
    const { status, stderr, stacks } = runMain({ PLATFORM_ENV: "dev" }, "CDKTF_OUTDIR");
    expect(status).toBe(0);
    expect(stacks).toEqual(["dev-bootstrap", "dev-cluster-addons", "dev-platform"]);
    expect(stderr).not.toContain("[WARN]");
  });

  it("fails with the known names when PLATFORM_ENV names an unknown environment", () => {
    // Upper case: never the name of an environment.
    const { status, stderr, stacks } = runMain({ PLATFORM_ENV: "QA" });
    expect(status).not.toBe(0);
    const known = platform.environments.map((e) => e.name).join(", ");
    expect(stderr).toContain(`PLATFORM_ENV: got "QA"; expected a comma-separated list of environment names (${known})`);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stacks).toEqual([]);
  });

  it("reports a configuration error as its message alone, with exit code 1 and no stack trace", () => {
    const { status, stderr, stacks } = runMain({ PLATFORM_BACKEND: "gcs" });
    expect(status).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([
      "Invalid backend selection (1 problem):",
      '  1. PLATFORM_BACKEND: got "gcs"; expected "s3" or "local". Fix: unset it for the S3 backend, or set PLATFORM_BACKEND=local for offline state',
    ]);
    expect(stacks).toEqual([]);
  });
});
