// Report contents (JSON and Markdown), ordering, determinism, and the synth error message.
import { evaluate, formatErrors, KIT_RULES, renderJson, renderMarkdown, warningSummary, type PolicyReport } from "../../../constructs/policy";

const SMALL = {
  "//": { metadata: { stackName: "demo" } },
  resource: {
    aws_subnet: {
      z_public: { "//": { metadata: { path: "demo/public" } }, map_public_ip_on_launch: true },
      a_private: { "//": { metadata: { path: "demo/private" } }, map_public_ip_on_launch: false },
    },
    aws_flow_log: { log: { "//": { metadata: { path: "demo/log" } }, traffic_type: "REJECT" } },
  },
};

let small: PolicyReport;
beforeAll(() => {
  small = evaluate(SMALL, KIT_RULES, {
    suppressions: [{ ruleId: "KIT-VPC-003", reason: "rejected traffic is all we need here", path: "demo/log" }],
  });
});

test("JSON lists rule, address, level, status and the reason of suppressed findings", () => {
  const json = JSON.parse(renderJson(small));
  expect(json.stack).toBe("demo");
  expect(json.counts).toEqual({ resources: 3, pass: 1, errors: 1, warnings: 0, suppressed: 1, packErrors: 0 });
  expect(json.findings).toEqual([
    { rule: "KIT-EC2-003", level: "error", status: "pass", address: "aws_subnet.a_private", path: "demo/private" },
    {
      rule: "KIT-EC2-003",
      level: "error",
      status: "fail",
      address: "aws_subnet.z_public",
      path: "demo/public",
      message: "map_public_ip_on_launch is true",
      fix: expect.stringMatching(/map_public_ip_on_launch = false/),
    },
    {
      rule: "KIT-VPC-003",
      level: "warning",
      status: "suppressed",
      address: "aws_flow_log.log",
      path: "demo/log",
      message: 'traffic_type is "REJECT"',
      reason: "rejected traffic is all we need here",
    },
  ]);
  expect(json.rules.map((r: { id: string }) => r.id)).toEqual(["KIT-EC2-003", "KIT-VPC-003"]);
  expect(json.rules[0].refs).toEqual({ checkov: ["CKV_AWS_130"], trivy: ["AVD-AWS-0164"], fsbp: ["EC2.15"] });
});

test("Markdown has the summary, failures with fixes, suppressions with reasons, passes and rule references", () => {
  const md = renderMarkdown(small);
  expect(md).toContain("# Policy report: demo");
  expect(md).toContain("| 3 | 1 | 1 | 0 | 1 |");
  expect(md).toMatch(/## Failures\n\n\| rule \| level \| resource \| problem \| fix \|\n\|---\|---\|---\|---\|---\|\n\| KIT-EC2-003 \| error \| aws_subnet\.z_public \| map_public_ip_on_launch is true \| Set map_public_ip_on_launch = false/);
  expect(md).toContain("| KIT-VPC-003 | warning | aws_flow_log.log | traffic_type is \"REJECT\" | rejected traffic is all we need here |");
  expect(md).toContain("| KIT-EC2-003 | error | aws_subnet.a_private |  |");
  expect(md).toContain("| KIT-EC2-003 | error | Subnets do not give instances public IP addresses by default. | CKV_AWS_130 | AVD-AWS-0164 | EC2.15 |");
});

test("Markdown escapes pipes inside cells", () => {
  const md = renderMarkdown({ ...small, findings: [{ ...small.findings[1]!, message: "a | b" }] });
  expect(md).toContain("a \\| b");
});

/** Several rules, several addresses, declared out of order; warnings of two rules, one of them twice. */
const MIXED = {
  resource: {
    aws_subnet: { b: { map_public_ip_on_launch: true }, a: { map_public_ip_on_launch: false } },
    aws_flow_log: { z: { traffic_type: "REJECT" }, y: { traffic_type: "ALL" }, x: {} },
    aws_kms_key: { k: {} },
  },
};

test("findings are sorted by rule then address, and rendering is byte-identical across runs", () => {
  const json = MIXED;
  const first = evaluate(json, KIT_RULES);
  const keys = first.findings.map((f) => `${f.rule} ${f.address}`);
  expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  const second = evaluate(json, [...KIT_RULES].reverse());
  expect(renderJson(second)).toBe(renderJson(first));
  expect(renderMarkdown(second)).toBe(renderMarkdown(first));
});

test("the synth error lists each failure with its fix", () => {
  const message = formatErrors(small, "cdktf.out/policy/demo.md");
  expect(message).toBe(
    [
      "Policy pack: 1 error in demo (full report: cdktf.out/policy/demo.md)",
      "  1. KIT-EC2-003 aws_subnet.z_public [demo/public]: map_public_ip_on_launch is true Fix: Set map_public_ip_on_launch = false; load balancers and NAT gateways get their own addresses.",
      "  To accept a finding, call suppress(construct, ruleId, reason) on the construct that owns the resource.",
    ].join("\n"),
  );
});

test("the warning summary is one line, grouped by rule", () => {
  const report = evaluate(MIXED, KIT_RULES, { stackName: "mixed" });
  expect(warningSummary(report, "cdktf.out/policy/mixed.md")).toBe("policy mixed: 3 warnings (KIT-KMS-002, KIT-VPC-003 x2); see cdktf.out/policy/mixed.md");
  expect(warningSummary(evaluate({ resource: { aws_flow_log: { z: {} } } }, KIT_RULES))).toBe("policy stack: 1 warning (KIT-VPC-003)");
  expect(warningSummary(small)).toBeUndefined();
});

test("the whole Markdown report, byte for byte", () => {
  expect(renderMarkdown(small)).toBe(
    [
      "# Policy report: demo",
      "",
      "Settings: multiAz=true, deletionProtection=true, publicIngressPorts=[80, 443], minBackupRetentionDays=7",
      "",
      "| resources | pass | errors | warnings | suppressed |",
      "|---|---|---|---|---|",
      "| 3 | 1 | 1 | 0 | 1 |",
      "",
      "## Failures",
      "",
      "| rule | level | resource | problem | fix |",
      "|---|---|---|---|---|",
      "| KIT-EC2-003 | error | aws_subnet.z_public | map_public_ip_on_launch is true | Set map_public_ip_on_launch = false; load balancers and NAT gateways get their own addresses. |",
      "",
      "## Suppressed",
      "",
      "| rule | level | resource | finding | reason |",
      "|---|---|---|---|---|",
      '| KIT-VPC-003 | warning | aws_flow_log.log | traffic_type is "REJECT" | rejected traffic is all we need here |',
      "",
      "## Passed",
      "",
      "| rule | level | resource | note |",
      "|---|---|---|---|",
      "| KIT-EC2-003 | error | aws_subnet.a_private |  |",
      "",
      "## Rules",
      "",
      "| rule | level | description | checkov | trivy | AWS FSBP |",
      "|---|---|---|---|---|---|",
      "| KIT-EC2-003 | error | Subnets do not give instances public IP addresses by default. | CKV_AWS_130 | AVD-AWS-0164 | EC2.15 |",
      "| KIT-VPC-003 | warning | Flow logs record all traffic, accepted and rejected. |  |  |  |",
      "",
    ].join("\n"),
  );
});

test("an empty report says None. under each heading, and ends with one newline", () => {
  const md = renderMarkdown(evaluate({}, KIT_RULES, { settings: { multiAz: false, publicIngressPorts: [] } }));
  expect(md).toBe(
    [
      "# Policy report: stack",
      "",
      "Settings: multiAz=false, deletionProtection=true, publicIngressPorts=[], minBackupRetentionDays=7",
      "",
      "| resources | pass | errors | warnings | suppressed |",
      "|---|---|---|---|---|",
      "| 0 | 0 | 0 | 0 | 0 |",
      "",
      ...["Failures", "Suppressed", "Passed"].flatMap((h) => [`## ${h}`, "", "None.", ""]),
      "## Rules",
      "",
      "None.",
      "",
    ].join("\n"),
  );
});

test("cells keep one line: newlines become spaces", () => {
  const md = renderMarkdown({ ...small, findings: [{ ...small.findings[1]!, message: "one\r\ntwo\nthree" }] });
  expect(md).toContain("| one two three |");
});

test("the synth error without a report location, with several errors, and findings without a path", () => {
  const report = evaluate({ resource: { aws_subnet: { a: { map_public_ip_on_launch: true } }, aws_kms_key: { k: { "//": { metadata: { path: "aws_kms_key.k" } } } } } }, KIT_RULES);
  expect(formatErrors(report).split("\n").slice(0, 3)).toEqual([
    "Policy pack: 2 errors in stack",
    "  1. KIT-EC2-003 aws_subnet.a: map_public_ip_on_launch is true Fix: Set map_public_ip_on_launch = false; load balancers and NAT gateways get their own addresses.",
    "  2. KIT-KMS-001 aws_kms_key.k: enable_key_rotation is not true Fix: Set enable_key_rotation = true (the kit's EncryptionKey does).",
  ]);
});
