// The README's and the DR runbook's command sequences through the pinned cdktf CLI, one after another on the
// same output folder, as an operator would run them. Offline, a command that needs Terraform ends at
// `terraform init`: the provider cannot be installed (or Terraform is not installed at all). That exact failure
// is where each test stops; everything before it (the app's synth and the CLI's handling of the stack folders)
// is what is tested.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createWorkspace, terraformOnPath, type RunResult, type Workspace } from "./run-cli";

jest.setTimeout(180_000);

let ws: Workspace;
let everyStack: string[];
const hasTerraform = terraformOnPath();

beforeAll(() => {
  ws = createWorkspace();
});
afterAll(() => ws.dispose());

/** A command that needs providers got through synth and stopped where offline Terraform must. */
function expectStoppedAtInit(result: RunResult): void {
  expect(result.output).not.toMatch(/ENOENT|Error: .*lstat/);
  expect(result.output).not.toMatch(/encountered an error while synthesizing/);
  expect(result.output).toContain("terraform init failed");
  // CHECKPOINT_DISABLE=1 (set for every run here) is what keeps the CLI's telemetry from printing errors offline.
  expect(result.output).not.toMatch(/checkpoint-api\.hashicorp\.com/);
  if (hasTerraform) expect(result.output).toContain("Failed to query available provider packages");
  expect(result.status).not.toBe(0);
}

const stacksOf = (env: string, roles: readonly string[]) => roles.map((role) => `${env}-${role}`).sort();

describe("cdktf CLI on an existing cdktf.out", () => {
  it("npm run synth writes every environment and prints its summary", () => {
    const result = ws.synth();
    expect(result.status).toBe(0);
    everyStack = ws.stacksOnDisk();
    const manifest = JSON.parse(readFileSync(join(ws.outdir, "manifest.json"), "utf8"));
    expect(everyStack).toEqual(Object.keys(manifest.stacks).sort());
    for (const stack of everyStack) expect(result.output).toMatch(new RegExp(`^${stack}\\s+\\d+\\s+\\d+`, "m"));
    expect(result.output).toMatch(new RegExp(`^${everyStack.length} stacks, \\d+ resources, .* in \\d+\\.\\d s$`, "m"));
  });

  it("PLATFORM_ENV=prod cdktf diff prod-platform after it reaches terraform init, no ENOENT", () => {
    const result = ws.cdktf(["diff", "prod-platform"], { PLATFORM_ENV: "prod" });
    expectStoppedAtInit(result);
    expect(ws.stacksOnDisk()).toEqual(stacksOf("prod", ["bootstrap", "cluster-addons", "platform"]));
  });

  it("cdktf list without PLATFORM_ENV lists every stack again", () => {
    const result = ws.cdktf(["list"]);
    expect(result.status).toBe(0);
    // Ink wraps the path column at 80 characters when not on a terminal; the name column is whole.
    const listed = result.output.split("\n").flatMap((line) => (line.includes(ws.outdir) ? [line.split(/\s+/)[0]] : []));
    expect(listed.sort()).toEqual(everyStack);
    expect(ws.stacksOnDisk()).toEqual(everyStack);
  });

  it("the DR first deploy (prepare) leaves only prod-dr's prepared stacks", () => {
    const result = ws.cdktf(["deploy", "prod-dr-platform", "--auto-approve"], {
      PLATFORM_ENV: "prod-dr",
      PLATFORM_DR_MODE: "prepare",
    });
    expectStoppedAtInit(result);
    expect(ws.stacksOnDisk()).toEqual(stacksOf("prod-dr", ["bootstrap", "platform"]));
  });

  it("failover adds prod-dr-cluster-addons; its diff reaches terraform init", () => {
    const result = ws.cdktf(["diff", "prod-dr-platform"], { PLATFORM_ENV: "prod-dr", PLATFORM_DR_MODE: "failover" });
    expectStoppedAtInit(result);
    expect(ws.stacksOnDisk()).toEqual(stacksOf("prod-dr", ["bootstrap", "cluster-addons", "platform"]));
  });

  it("cdktf output prod-dr-platform (the runbook's endpoint lookup) reaches terraform init on the same output", () => {
    expectStoppedAtInit(ws.cdktf(["output", "prod-dr-platform"], { PLATFORM_ENV: "prod-dr", PLATFORM_DR_MODE: "failover" }));
    expect(ws.stacksOnDisk()).toEqual(stacksOf("prod-dr", ["bootstrap", "cluster-addons", "platform"]));
  });

  it("failback: destroy the failover add-ons, then deploy standby, which drops their folder", () => {
    expectStoppedAtInit(
      ws.cdktf(["destroy", "prod-dr-cluster-addons", "--auto-approve"], { PLATFORM_ENV: "prod-dr", PLATFORM_DR_MODE: "failover" }),
    );
    expectStoppedAtInit(ws.cdktf(["deploy", "prod-dr-platform", "--auto-approve"], { PLATFORM_ENV: "prod-dr" }));
    expect(ws.stacksOnDisk()).toEqual(stacksOf("prod-dr", ["bootstrap", "platform"]));
  });

  it("npm run synth after the CLI replaces its output (--quiet prints no summary)", () => {
    const result = ws.synth(["--quiet"], { PLATFORM_ENV: "dev" });
    expect(result.status).toBe(0);
    expect(result.output).not.toMatch(/stacks?, \d+ resources/);
    expect(ws.stacksOnDisk()).toEqual(stacksOf("dev", ["bootstrap", "cluster-addons", "platform"]));
  });

  it("cdktf deploy dev-platform without PLATFORM_ENV synthesizes everything and reaches terraform init", () => {
    expectStoppedAtInit(ws.cdktf(["deploy", "dev-platform", "--auto-approve"]));
    expect(ws.stacksOnDisk()).toEqual(everyStack);
  });
});
