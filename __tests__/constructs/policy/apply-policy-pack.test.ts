// The synth hook: reports in the app's outdir, a failing synth on errors, a one-line warning summary.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { App, TerraformStack, Testing } from "cdktf";
import { applyPolicyPack, evaluate, suppress } from "../../../constructs/policy";
import { defineRule, pass } from "../../../constructs/policy/types";

function appWithStack(mapPublicIp: boolean) {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), "policy-pack-")) });
  const stack = new TerraformStack(app, "net");
  new AwsProvider(stack, "aws", { region: "us-west-2" });
  const subnet = new Subnet(stack, "public", { vpcId: "vpc-1", cidrBlock: "10.0.1.0/24", mapPublicIpOnLaunch: mapPublicIp });
  new FlowLog(stack, "flow", { vpcId: "vpc-1", trafficType: "REJECT", logDestination: "arn:aws:logs:x" });
  return { app, stack, subnet };
}

const quiet = () => undefined;

test("an error fails app.synth with each failure and its fix, and the reports are still written", () => {
  const { app, stack } = appWithStack(true);
  applyPolicyPack(stack, { log: quiet });
  let message = "";
  try {
    app.synth();
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toContain("Policy pack: 1 error in net");
  expect(message).toContain("KIT-EC2-003 aws_subnet.public [net/public]: map_public_ip_on_launch is true Fix: Set map_public_ip_on_launch = false");
  const report = JSON.parse(readFileSync(join(app.outdir, "policy", "net.json"), "utf8"));
  expect(report.counts).toMatchObject({ errors: 1, warnings: 1 });
  expect(existsSync(join(app.outdir, "policy", "net.md"))).toBe(true);
});

test("Testing.fullSynth and Testing.synth(stack, true) fail on errors; plain Testing.synth does not run the pack", () => {
  const { stack } = appWithStack(true);
  applyPolicyPack(stack, { log: quiet, reportDir: false });
  expect(() => Testing.synth(stack)).not.toThrow();
  expect(() => Testing.synth(stack, true)).toThrow("Policy pack: 1 error in net");
  expect(() => Testing.fullSynth(stack)).toThrow("Policy pack: 1 error in net");
});

test("warnings do not fail the synth and print a one-line summary", () => {
  const { app, stack } = appWithStack(false);
  const lines: string[] = [];
  const handle = applyPolicyPack(stack, { log: (line) => lines.push(line) });
  app.synth();
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^policy net: 1 warning \(KIT-VPC-003\); see .*net\.md$/);
  expect(handle.lastReport?.counts).toMatchObject({ errors: 0, warnings: 1, pass: 1 });
  expect(readFileSync(join(app.outdir, "policy", "net.md"), "utf8")).toContain("# Policy report: net");
});

test("suppressions added after the pack is applied still count, and settings reach the rules", () => {
  const { app, stack, subnet } = appWithStack(true);
  const handle = applyPolicyPack(stack, { log: quiet, settings: { multiAz: false } });
  suppress(subnet, "KIT-EC2-003", "public ALB subnets must map public IPs");
  app.synth();
  expect(handle.lastReport?.counts).toMatchObject({ errors: 0, suppressed: 1 });
  expect(handle.lastReport?.settings.multiAz).toBe(false);
});

test("applying twice adds one validation and returns the same handle", () => {
  const { stack } = appWithStack(false);
  const lines: string[] = [];
  const ignored: string[] = [];
  const first = applyPolicyPack(stack, { log: (line) => lines.push(line), reportDir: false });
  expect(applyPolicyPack(stack, { log: (line) => ignored.push(line) })).toBe(first);
  Testing.synth(stack, true);
  expect(lines).toHaveLength(1);
  expect(ignored).toEqual([]);
});

test("reportDir: false writes no files", () => {
  const { app, stack } = appWithStack(false);
  applyPolicyPack(stack, { log: quiet, reportDir: false });
  app.synth();
  expect(existsSync(join(app.outdir, "policy"))).toBe(false);
});

describe("a rule that throws", () => {
  const throwing = defineRule({
    id: "KIT-TEST-001",
    level: "warning",
    description: "Throws on public subnets.",
    fix: "None.",
    appliesTo: ["aws_subnet"],
    check: ({ config }) => {
      if (config["map_public_ip_on_launch"] === true) throw new Error("cannot read property of undefined");
      return pass();
    },
  });

  test("is reported as a pack error naming rule, address and error, not as a finding", () => {
    const { stack } = appWithStack(true);
    const report = evaluate(stack.toTerraform(), [throwing]);
    expect(report.packErrors).toEqual([{ rule: "KIT-TEST-001", address: "aws_subnet.public", message: "cannot read property of undefined" }]);
    expect(report.counts.packErrors).toBe(1);
    expect(report.findings).toEqual([]);
  });

  test("fails the synth even for a warning-level rule, and a suppression cannot hide it", () => {
    const { app, stack, subnet } = appWithStack(true);
    suppress(subnet, "KIT-TEST-001", "a suppression must not be able to hide a defect of the pack itself");
    const handle = applyPolicyPack(stack, { log: quiet, rules: [throwing] });
    expect(() => app.synth()).toThrow(
      /Policy pack defect: 1 rule evaluation threw in net \(a bug in the rule, not a finding about the stack; it cannot be suppressed\)\n  1\. KIT-TEST-001 on aws_subnet\.public: cannot read property of undefined/,
    );
    // The suppression aimed at the throwing rule is not reported as unused on top of it.
    expect(handle.lastReport?.findings.filter((f) => f.rule === "KIT-PACK-001")).toEqual([]);
  });
});

describe("details of the hook", () => {
  test("the warning summary goes to stderr by default", () => {
    const { stack } = appWithStack(false);
    const write = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      applyPolicyPack(stack, { reportDir: false });
      Testing.synth(stack, true);
      expect(write).toHaveBeenCalledWith("policy net: 1 warning (KIT-VPC-003)\n");
    } finally {
      write.mockRestore();
    }
  });

  test("reports go to the given directory, named after the stack, and the summary points at them", () => {
    const { stack } = appWithStack(false);
    const dir = join(mkdtempSync(join(tmpdir(), "policy-reports-")), "nested", "policy");
    const lines: string[] = [];
    applyPolicyPack(stack, { reportDir: dir, log: (line) => lines.push(line) });
    Testing.synth(stack, true);
    expect(JSON.parse(readFileSync(join(dir, "net.json"), "utf8")).stack).toBe("net");
    expect(readFileSync(join(dir, "net.md"), "utf8")).toMatch(/^# Policy report: net\n/);
    expect(lines).toEqual([`policy net: 1 warning (KIT-VPC-003); see ${relative(process.cwd(), join(dir, "net.md"))}`]);
  });

  test("the JSON resolved for the pack is reused once by the synth, then the stack resolves afresh", () => {
    const { stack } = appWithStack(false);
    const original = stack.toTerraform;
    const handle = applyPolicyPack(stack, { reportDir: false, log: quiet });
    const first = JSON.parse(Testing.synth(stack, true));
    expect(stack.toTerraform).toBe(original);
    new FlowLog(stack, "second", { vpcId: "vpc-1", trafficType: "ALL", logDestination: "arn:aws:logs:y" });
    const second = JSON.parse(Testing.synth(stack, true));
    expect(Object.keys(first.resource.aws_flow_log)).toHaveLength(1);
    expect(Object.keys(second.resource.aws_flow_log)).toHaveLength(2);
    expect(handle.lastReport?.counts.resources).toBe(3);
  });

  test("the rules and settings given are the ones evaluated", () => {
    const { stack } = appWithStack(true);
    const handle = applyPolicyPack(stack, { reportDir: false, log: quiet, rules: [], settings: { publicIngressPorts: [443] } });
    Testing.synth(stack, true);
    expect(handle.lastReport?.findings).toEqual([]);
    expect(handle.lastReport?.settings.publicIngressPorts).toEqual([443]);
  });
});
