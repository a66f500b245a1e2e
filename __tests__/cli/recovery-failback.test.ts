// The DR runbook through the pinned cdktf CLI, second half: from a failover output, destroy the failover add-ons
// and deploy standby again, which shrinks the stack set under the CLI. Offline, each ends at `terraform init`.
import { createWorkspace, expectStoppedAtInit, stacksOf, terraformOnPath, type Workspace } from "./run-cli";

jest.setTimeout(180_000);

let ws: Workspace;
const hasTerraform = terraformOnPath();
const failover = { PLATFORM_ENV: "prod-dr", PLATFORM_DR_MODE: "failover" };

beforeAll(() => {
  ws = createWorkspace();
  // Where a failover left the output: prod-dr with its cluster add-ons.
  expect(ws.synth(["--quiet"], failover).status).toBe(0);
  expect(ws.stacksOnDisk()).toEqual(stacksOf("prod-dr", ["bootstrap", "cluster-addons", "platform"]));
});
afterAll(() => ws.dispose());

describe("cdktf CLI on an existing cdktf.out: failback", () => {
  it("destroy the failover add-ons, then deploy standby, which drops their folder", () => {
    expectStoppedAtInit(ws.cdktf(["destroy", "prod-dr-cluster-addons", "--auto-approve"], failover), hasTerraform);
    expectStoppedAtInit(ws.cdktf(["deploy", "prod-dr-platform", "--auto-approve"], { PLATFORM_ENV: "prod-dr" }), hasTerraform);
    expect(ws.stacksOnDisk()).toEqual(stacksOf("prod-dr", ["bootstrap", "platform"]));
  });
});
