import { Testing } from "cdktf";
import { dev, platform, prod, prodDr, staging } from "../../config/environments";
import type { EnvironmentConfig } from "../../config/types";
import { buildPlatform } from "../../stacks/app";
import { allowsAnyPrincipal, countOf, policyStatements, resourcesOf, warningsIn, type SynthJson } from "../helpers";

function platformJson(environments: readonly EnvironmentConfig[], only?: string) {
  const app = Testing.app();
  const stacks = buildPlatform(app, { ...platform, environments }, { only });
  return { stacks, json: (name: string) => JSON.parse(Testing.synth(stacks[name].platform)) as SynthJson };
}

const shipped = platformJson(platform.environments);

/** Warnings about security services; the shipped placeholder JWT issuer warns too, and is tested with the API. */
const securityWarnings = (scope: Parameters<typeof warningsIn>[0]) => warningsIn(scope).filter((w) => !w.startsWith("api.jwtIssuer"));

describe.each(["dev", "prod"])("%s-platform security services", (name) => {
  const json = shipped.json(name);

  it("has one trail, GuardDuty, Security Hub, a registry and a web ACL", () => {
    for (const type of ["aws_cloudtrail", "aws_guardduty_detector", "aws_securityhub_account", "aws_wafv2_web_acl"]) {
      expect({ type, count: countOf(json, type) }).toEqual({ type, count: 1 });
    }
    expect(Object.values(resourcesOf(json, "aws_ecr_repository")).map((r) => r.name)).toEqual([`aec-platform/${name}/processing-worker`]);
  });

  it("delivers the trail to the logs bucket, whose policy lets only this trail write", () => {
    const trail = Object.values(resourcesOf(json, "aws_cloudtrail"))[0];
    expect(trail.s3_bucket_name).toMatch(/aws_s3_bucket\.buckets_logs_bucket_.*\.bucket/);
    expect(trail.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\.buckets_logs_policy/)]);
    const policy = Object.entries(resourcesOf(json, "aws_s3_bucket_policy")).find(([n]) => n.startsWith("buckets_logs_policy"))![1];
    const statements = JSON.parse(String(policy.policy)).Statement as { Sid: string; Principal?: unknown; Condition?: unknown }[];
    const trailStatements = statements.filter((s) => JSON.stringify(s.Principal).includes("cloudtrail"));
    expect(trailStatements.map((s) => s.Sid)).toEqual(["CloudTrailAclCheck", "CloudTrailWrite"]);
    for (const s of trailStatements) expect(JSON.stringify(s.Condition)).toContain(`:trail/aec-platform-${name}`);
  });

  it("records the documents bucket's object-level events", () => {
    const trail = Object.values(resourcesOf(json, "aws_cloudtrail"))[0];
    expect(JSON.stringify(trail.advanced_event_selector)).toMatch(/aws_s3_bucket\.buckets_documents_bucket_[^.]*\.arn}\//);
  });

  it("lets the EKS nodes pull images, and no one else", () => {
    const repoPolicy = JSON.parse(String(Object.values(resourcesOf(json, "aws_ecr_repository_policy"))[0].policy));
    const allow = repoPolicy.Statement.find((s: { Effect: string }) => s.Effect === "Allow");
    expect(allow.Principal.AWS).toEqual([expect.stringMatching(/^\$\{aws_iam_role\.cluster_roles_node_[0-9A-F]{8}\.arn\}$/)]);
  });

  it("grants nothing to a * principal in any policy", () => {
    expect(policyStatements(json).filter((p) => allowsAnyPrincipal(p.statement))).toEqual([]);
  });
});

describe("security services flags", () => {
  const allOff = { cloudTrail: false, guardDuty: false, securityHub: false, containerRegistry: false, webFirewall: false };

  it("turn services off in an environment", () => {
    const { json } = platformJson([{ ...prod, securityServices: allOff }]);
    for (const type of ["aws_cloudtrail", "aws_guardduty_detector", "aws_securityhub_account", "aws_ecr_repository", "aws_wafv2_web_acl"]) {
      expect({ type, count: countOf(json("prod"), type) }).toEqual({ type, count: 0 });
    }
    expect(json("prod").output).not.toHaveProperty("web_acl_arn");
  });

  it("warn at synth when a production environment turns one off", () => {
    const { stacks } = platformJson([{ ...prod, securityServices: { guardDuty: false } }]);
    expect(securityWarnings(stacks.prod.platform.security)).toEqual([
      expect.stringContaining("GuardDuty threat detection is turned off (securityServices.guardDuty = false) in a production environment"),
    ]);
  });

  it("do not warn for a non-production environment", () => {
    const { stacks } = platformJson([{ ...dev, securityServices: allOff }]);
    expect(securityWarnings(stacks.dev.platform.security)).toEqual([]);
  });

  it("keep every shipped environment's services on", () => {
    for (const env of platform.environments) expect(env.securityServices).toBeUndefined();
    expect([dev, staging, prod, prodDr].map((e) => e.production)).toEqual([false, false, true, true]);
  });
});

describe("all shipped stacks", () => {
  it("grant nothing to a * principal", () => {
    for (const [name, env] of Object.entries(shipped.stacks)) {
      for (const stack of [env.platform, env.clusterAddons].filter((s) => s !== undefined)) {
        const json = JSON.parse(Testing.synth(stack)) as SynthJson;
        expect({ stack: `${name}/${stack.node.id}`, open: policyStatements(json).filter((p) => allowsAnyPrincipal(p.statement)) }).toEqual({
          stack: `${name}/${stack.node.id}`,
          open: [],
        });
      }
    }
  });
});
