// Rules that depend on the environment's settings or on the version catalog.
import { evaluate, KIT_RULES, type PolicyReport } from "../../../constructs/policy";
import { fixtureJson, testVersions } from "./fixtures/fixture-stacks";

function statusOf(report: PolicyReport, rule: string, address: string): string {
  return report.findings.find((f) => f.rule === rule && f.address === address)?.status ?? "no finding";
}

describe("an environment without Multi-AZ or deletion protection (dev)", () => {
  let relaxed: PolicyReport;
  beforeAll(() => {
    relaxed = evaluate(fixtureJson().noncompliant, KIT_RULES, { settings: { multiAz: false, deletionProtection: false } });
  });

  test.each([
    ["KIT-RDS-004", "aws_db_instance.bad-db"],
    ["KIT-RDS-005", "aws_db_instance.bad-db"],
    ["KIT-RDS-006", "aws_db_instance.bad-db"],
    ["KIT-ELASTICACHE-004", "aws_elasticache_replication_group.bad-cache"],
    ["KIT-ELASTICACHE-005", "aws_elasticache_replication_group.bad-cache"],
    ["KIT-MQ-005", "aws_mq_broker.bad-broker"],
  ])("%s passes %s with a note", (rule, address) => {
    const finding = relaxed.findings.find((f) => f.rule === rule && f.address === address);
    expect(finding?.status).toBe("pass");
    expect(finding?.message).toMatch(/not required/);
  });

  test("settings-independent rules still fail", () => {
    expect(statusOf(relaxed, "KIT-RDS-002", "aws_db_instance.bad-db")).toBe("fail");
  });

  test("the report records the settings it was evaluated with", () => {
    expect(relaxed.settings).toMatchObject({ multiAz: false, deletionProtection: false, minBackupRetentionDays: 7 });
  });
});

describe("minimum backup retention", () => {
  test("is configurable", () => {
    const strict = evaluate(fixtureJson().compliant, KIT_RULES, { settings: { minBackupRetentionDays: 35 } });
    expect(strict.findings.find((f) => f.rule === "KIT-RDS-003")?.message).toMatch(/at least 35 required/);
  });
});

describe("public ingress ports", () => {
  test("a port outside the allowed set fails even for the public load balancer group", () => {
    const report = evaluate(fixtureJson().compliant, KIT_RULES, { settings: { publicIngressPorts: [80] } });
    expect(statusOf(report, "KIT-SG-001", "aws_security_group.sg")).toBe("fail");
    expect(statusOf(report, "KIT-SG-001", "aws_vpc_security_group_ingress_rule.sg-ingress")).toBe("pass");
  });
});

describe("version rules without a version catalog", () => {
  let report: PolicyReport;
  beforeAll(() => {
    report = evaluate(fixtureJson().noncompliant, KIT_RULES);
  });

  test("a pinned version passes with a note that no catalog was consulted", () => {
    const finding = report.findings.find((f) => f.rule === "KIT-EKS-004" && f.address === "aws_eks_cluster.bad-cluster-open");
    expect(finding).toMatchObject({ status: "pass", message: "Kubernetes 1.20 is pinned; no version catalog consulted" });
  });

  test("an unpinned version still fails", () => {
    expect(statusOf(report, "KIT-EKS-004", "aws_eks_cluster.bad-cluster")).toBe("fail");
    expect(statusOf(report, "KIT-EKS-007", "aws_eks_addon.bad-addon")).toBe("fail");
  });

  test("deprecated Lambda runtimes fail without a catalog", () => {
    expect(statusOf(report, "KIT-LAMBDA-003", "aws_lambda_function.bad-fn")).toBe("fail");
    expect(statusOf(report, "KIT-LAMBDA-003", "aws_lambda_function.bad-fn-catalog-runtime")).toBe("pass");
  });

  test("a catalog that does not cover a subject leaves pinning as the only check", () => {
    const withCatalog = evaluate(fixtureJson().compliant, KIT_RULES, { versions: testVersions });
    expect(withCatalog.findings.find((f) => f.rule === "KIT-EKS-007")?.message).toMatch(/does not cover eks-addon/);
  });
});
