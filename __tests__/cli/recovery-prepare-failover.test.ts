// The DR runbook through the pinned cdktf CLI, first half: the first deploy in "prepare" mode, then a failover's
// diff and output lookup, on one output folder. Offline, each ends at `terraform init` (see everyday.test.ts).
import { createWorkspace, expectStoppedAtInit, stacksOf, terraformOnPath, type Workspace } from "./run-cli";

jest.setTimeout(180_000);

let ws: Workspace;
const hasTerraform = terraformOnPath();
const failover = { PLATFORM_ENV: "prod-dr", PLATFORM_DR_MODE: "failover" };

beforeAll(() => {
  ws = createWorkspace();
  // Any earlier output: every environment, as after the README's quick start.
  expect(ws.synth(["--quiet"]).status).toBe(0);
});
afterAll(() => ws.dispose());

describe("cdktf CLI on an existing cdktf.out: prepare, then failover", () => {
  it("the DR first deploy (prepare) leaves only prod-dr's prepared stacks", () => {
    expectStoppedAtInit(ws.cdktf(["deploy", "prod-dr-platform", "--auto-approve"], { PLATFORM_ENV: "prod-dr", PLATFORM_DR_MODE: "prepare" }), hasTerraform);
    expect(ws.stacksOnDisk()).toEqual(stacksOf("prod-dr", ["bootstrap", "platform"]));
  });

  it("failover adds prod-dr-cluster-addons; its diff reaches terraform init", () => {
    expectStoppedAtInit(ws.cdktf(["diff", "prod-dr-platform"], failover), hasTerraform);
    expect(ws.stacksOnDisk()).toEqual(stacksOf("prod-dr", ["bootstrap", "cluster-addons", "platform"]));
  });

  it("cdktf output prod-dr-platform (the runbook's endpoint lookup) reaches terraform init on the same output", () => {
    expectStoppedAtInit(ws.cdktf(["output", "prod-dr-platform"], failover), hasTerraform);
    expect(ws.stacksOnDisk()).toEqual(stacksOf("prod-dr", ["bootstrap", "cluster-addons", "platform"]));
  });
});
