// Drives the pinned cdktf CLI and `npm run synth` the way the README does, into a temporary output folder,
// offline: the state is local, Terraform's provider installation points at an empty mirror (so `terraform init`
// is where every run that needs providers ends, without touching the network), and AWS credentials are fake.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
const cliBin = join(root, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");
const synthScript = join(root, "scripts", "synth.js");

export interface RunResult {
  readonly status: number | null;
  /** stdout and stderr together, without terminal colours or spinner redraws. */
  readonly output: string;
}

export interface Workspace {
  readonly outdir: string;
  /** `npx cdktf <args>` with the given PLATFORM_* variables. */
  cdktf(args: readonly string[], vars?: Record<string, string>): RunResult;
  /** `npm run synth` (scripts/synth.js run directly, as npm does) with the given PLATFORM_* variables. */
  synth(args?: readonly string[], vars?: Record<string, string>): RunResult;
  stacksOnDisk(): string[];
  dispose(): void;
}

const plain = (text: string) =>
  text
    // eslint-disable-next-line no-control-regex
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "")
    .split("\n")
    .filter((line) => line.trim() !== "" && !/^[⠁-⣿]\s/.test(line.trim()))
    .join("\n");

export function terraformOnPath(): boolean {
  return spawnSync("terraform", ["version"], { stdio: "ignore" }).status === 0;
}

export function createWorkspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), "kit-cli-"));
  const outdir = join(dir, "cdktf.out");
  const mirror = join(dir, "empty-provider-mirror");
  mkdirSync(mirror);
  const cliConfig = join(dir, "terraformrc");
  writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path = "${mirror}"\n  }\n}\n`);

  const baseEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(baseEnv)) {
    if (/^(PLATFORM_|CDKTF_|TF_|AWS_)/.test(key)) delete baseEnv[key];
  }
  Object.assign(baseEnv, {
    CHECKPOINT_DISABLE: "1",
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    PLATFORM_BACKEND: "local",
    AWS_ACCESS_KEY_ID: "AKIAOFFLINETESTONLY00",
    AWS_SECRET_ACCESS_KEY: "offline-test-only",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: join(dir, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "no-aws-credentials"),
  });

  const run = (command: string, args: readonly string[], vars: Record<string, string>): RunResult => {
    const result = spawnSync(command, args, {
      cwd: root,
      env: { ...baseEnv, ...vars },
      encoding: "utf8",
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { status: result.status, output: plain(`${result.stdout}\n${result.stderr}`) };
  };

  return {
    outdir,
    cdktf: (args, vars = {}) => run(process.execPath, [cliBin, ...args, "--output", outdir], vars),
    synth: (args = [], vars = {}) => run(process.execPath, [synthScript, ...args], { PLATFORM_OUTDIR: outdir, ...vars }),
    stacksOnDisk: () => (existsSync(join(outdir, "stacks")) ? readdirSync(join(outdir, "stacks")).sort() : []),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A command that needs providers got through synth and stopped where offline Terraform must. */
export function expectStoppedAtInit(result: RunResult, hasTerraform: boolean): void {
  expect(result.output).not.toMatch(/ENOENT|Error: .*lstat/);
  expect(result.output).not.toMatch(/encountered an error while synthesizing/);
  expect(result.output).toContain("terraform init failed");
  // CHECKPOINT_DISABLE=1 (set for every run here) is what keeps the CLI's telemetry from printing errors offline.
  expect(result.output).not.toMatch(/checkpoint-api\.hashicorp\.com/);
  if (hasTerraform) expect(result.output).toContain("Failed to query available provider packages");
  expect(result.status).not.toBe(0);
}

export const stacksOf = (env: string, roles: readonly string[]) => roles.map((role) => `${env}-${role}`).sort();
