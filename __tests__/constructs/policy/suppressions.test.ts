// Suppressions: attached to constructs, cover the resources beneath them, carry a reason, and are reported.
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { collectSuppressions, evaluate, KIT_RULES, suppress, UNUSED_SUPPRESSION_RULE } from "../../../constructs/policy";

const REASON = "public ALB subnets must map public IPs";

function subnetStack() {
  const stack = new TerraformStack(Testing.app(), "net");
  const publicTier = new Construct(stack, "public");
  new Subnet(publicTier, "a", { vpcId: "vpc-1", cidrBlock: "10.0.1.0/24", mapPublicIpOnLaunch: true });
  const privateTier = new Construct(stack, "private");
  new Subnet(privateTier, "a", { vpcId: "vpc-1", cidrBlock: "10.0.10.0/24", mapPublicIpOnLaunch: true });
  return { stack, publicTier, privateTier };
}

function report(stack: TerraformStack) {
  return evaluate(stack.toTerraform(), KIT_RULES, { suppressions: collectSuppressions(stack) });
}

test("covers the resources beneath the construct, and only those", () => {
  const { stack, publicTier } = subnetStack();
  suppress(publicTier, "KIT-EC2-003", REASON);
  const findings = report(stack).findings.filter((f) => f.rule === "KIT-EC2-003");
  expect(findings.map((f) => [f.path, f.status, f.reason])).toEqual([
    ["net/private/a", "fail", undefined],
    ["net/public/a", "suppressed", REASON],
  ]);
});

test("is recorded in the report with how much it suppressed", () => {
  const { stack, publicTier } = subnetStack();
  suppress(publicTier, "KIT-EC2-003", REASON);
  const result = report(stack);
  expect(result.suppressions).toEqual([{ ruleId: "KIT-EC2-003", reason: REASON, path: "net/public", suppressed: 1 }]);
  expect(result.counts).toMatchObject({ suppressed: 1, errors: 1 });
  expect(result.findings.find((f) => f.status === "suppressed")?.message).toBe("map_public_ip_on_launch is true");
});

test("on the stack covers every resource in it", () => {
  const { stack } = subnetStack();
  suppress(stack, "KIT-EC2-003", "a sandbox stack for public subnets");
  expect(report(stack).counts).toMatchObject({ suppressed: 2, errors: 0 });
});

test("that suppresses nothing is reported as a warning", () => {
  const { stack, publicTier, privateTier } = subnetStack();
  suppress(publicTier, "KIT-EC2-003", REASON);
  suppress(privateTier, "KIT-S3-001", "there are no buckets here at all");
  suppress(privateTier, "KIT-NOPE-001", "a rule id that does not exist");
  const result = report(stack);
  const unused = result.findings.filter((f) => f.rule === UNUSED_SUPPRESSION_RULE);
  expect(unused).toEqual([
    expect.objectContaining({ level: "warning", status: "fail", address: "net/private", message: "suppression names KIT-NOPE-001, which is not a rule of this pack" }),
    expect.objectContaining({ level: "warning", status: "fail", address: "net/private", message: "suppression of KIT-S3-001 matches no failing resource under net/private" }),
  ]);
  expect(result.counts.warnings).toBe(2);
  expect(result.rules.map((r) => r.id)).toContain(UNUSED_SUPPRESSION_RULE);
});

test.each([
  ["", "got reason \"\""],
  ["  too short  ", "expected at least 10 characters"],
  ["because.", "saying why the finding is acceptable"],
])("fails with a clear error for the reason %j", (reason, message) => {
  const { publicTier } = subnetStack();
  expect(() => suppress(publicTier, "KIT-EC2-003", reason)).toThrow(message);
});

test("accepts a reason of exactly 10 characters", () => {
  const { publicTier } = subnetStack();
  expect(() => suppress(publicTier, "KIT-EC2-003", "0123456789")).not.toThrow();
});

test("rejects something that is not a rule id", () => {
  const { publicTier } = subnetStack();
  expect(() => suppress(publicTier, "ec2 public ip", REASON)).toThrow('got rule id "ec2 public ip"; expected an id like "KIT-EC2-001"');
});

test("rejects a second suppression of the same rule on the same construct", () => {
  const { publicTier } = subnetStack();
  suppress(publicTier, "KIT-EC2-003", REASON);
  expect(() => suppress(publicTier, "KIT-EC2-003", REASON)).toThrow("already suppressed on this construct");
});

test("errors name the construct, or <app> for the root", () => {
  const app = Testing.app();
  expect(() => suppress(app, "KIT-EC2-003", "short")).toThrow(
    'suppress(<app>, "KIT-EC2-003"): got reason "short"; expected at least 10 characters saying why the finding is acceptable here. Fix: e.g. "public ALB subnets must map public IPs".',
  );
  const { publicTier } = subnetStack();
  expect(() => suppress(publicTier, "kit_ec2", REASON)).toThrow('suppress(net/public): got rule id "kit_ec2"; expected an id like "KIT-EC2-001". Fix: copy the id from the policy report.');
});

test.each(["KIT-EC2-003x", "xKIT-EC2-003", "kit-ec2-003", "KIT--003", "KIT"])("rejects the malformed rule id %j", (id) => {
  const { publicTier } = subnetStack();
  expect(() => suppress(publicTier, id, REASON)).toThrow(`got rule id "${id}"`);
});

test("keeps the reason trimmed, and collects suppressions in tree order with their construct paths", () => {
  const { stack, publicTier, privateTier } = subnetStack();
  suppress(privateTier, "KIT-EC2-003", `  ${REASON}  `);
  suppress(publicTier, "KIT-EC2-003", REASON);
  suppress(publicTier, "KIT-S3-001", "a second rule on the same construct");
  publicTier.node.addMetadata("other-tool:note", { ruleId: "KIT-VPC-001", reason: "not a suppression of ours" });
  expect(collectSuppressions(stack)).toEqual([
    { ruleId: "KIT-EC2-003", reason: REASON, path: "net/public" },
    { ruleId: "KIT-S3-001", reason: "a second rule on the same construct", path: "net/public" },
    { ruleId: "KIT-EC2-003", reason: REASON, path: "net/private" },
  ]);
});
