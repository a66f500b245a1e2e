// The README's everyday sequence through the pinned cdktf CLI on one output folder, as an operator runs it:
// synth everything, then diff one environment (the stack set shrinks under the CLI: the ENOENT regression), list
// everything again, synth one environment directly, deploy without PLATFORM_ENV. Offline, a command that needs
// Terraform ends at `terraform init` (the provider cannot be installed, or Terraform is not installed at all);
// everything before it (the app's synth and the CLI's handling of the stack folders) is what is tested.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createWorkspace, expectStoppedAtInit, stacksOf, terraformOnPath, type Workspace } from "./run-cli";

jest.setTimeout(180_000);

let ws: Workspace;
let everyStack: string[];
const hasTerraform = terraformOnPath();

beforeAll(() => {
  ws = createWorkspace();
});
afterAll(() => ws.dispose());

describe("cdktf CLI on an existing cdktf.out: everyday commands", () => {
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
    expectStoppedAtInit(ws.cdktf(["diff", "prod-platform"], { PLATFORM_ENV: "prod" }), hasTerraform);
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

  it("npm run synth after the CLI replaces its output (--quiet prints no summary)", () => {
    const result = ws.synth(["--quiet"], { PLATFORM_ENV: "dev" });
    expect(result.status).toBe(0);
    expect(result.output).not.toMatch(/stacks?, \d+ resources/);
    expect(ws.stacksOnDisk()).toEqual(stacksOf("dev", ["bootstrap", "cluster-addons", "platform"]));
  });

  it("cdktf deploy dev-platform without PLATFORM_ENV synthesizes everything and reaches terraform init", () => {
    expectStoppedAtInit(ws.cdktf(["deploy", "dev-platform", "--auto-approve"]), hasTerraform);
    expect(ws.stacksOnDisk()).toEqual(everyStack);
  });
});
