import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { GuarddutyDetector } from "@cdktf/provider-aws/lib/guardduty-detector";
import { SecurityhubAccount } from "@cdktf/provider-aws/lib/securityhub-account";
import { SecurityhubStandardsSubscription } from "@cdktf/provider-aws/lib/securityhub-standards-subscription";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { Testing } from "cdktf";
import type { SecurityServicesConfig } from "../../../common/security-services";
import type { PolicyStatement } from "../../../constructs/iam/policy-document";
import { EncryptionKey } from "../../../constructs/keys/encryption-key";
import type { PolicyBucket } from "../../../constructs/security/audit-trail";
import { SecurityServices, type SecurityServicesProps } from "../../../constructs/security/security-services";
import {
  allowsAnyPrincipal,
  countOf,
  emptyStack,
  policyStatements,
  resourceAt,
  resourcesOf,
  synthJson,
  warningsIn,
} from "../../helpers";

/** Stands in for the logs bucket: records the statements the trail adds to its policy. */
class RecordingBucket implements PolicyBucket {
  readonly statements: PolicyStatement[] = [];
  constructor(
    readonly name: string,
    readonly arn: string,
  ) {}
  addToResourcePolicy(statement: PolicyStatement): void {
    this.statements.push(statement);
  }
}

function build(overrides: Partial<SecurityServicesProps> = {}) {
  const { stack } = emptyStack();
  const logsKey = new EncryptionKey(stack, "logs", { alias: "t-logs", description: "logs" });
  const registryKey = new EncryptionKey(stack, "storage", { alias: "t-storage", description: "storage" });
  const logsBucket = new RecordingBucket("kit-logs", "arn:aws:s3:::kit-logs");
  const services = new SecurityServices(stack, "security", {
    name: "kit-prod",
    repositoryPrefix: "kit/prod",
    production: true,
    logsKey,
    registryKey,
    logsBucket,
    dataEventBuckets: [{ arn: "arn:aws:s3:::kit-documents" }],
    logRetentionDays: 365,
    ...overrides,
  });
  return { stack, services, logsBucket, synth: Testing.synth(stack), json: synthJson(stack) };
}

describe("SecurityServices, all on", () => {
  const { synth, json, logsBucket, stack } = build();

  it("records a multi-Region trail with global events, file validation and KMS", () => {
    expect(synth).toHaveResourceWithProperties(Cloudtrail, {
      name: "kit-prod",
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      s3_bucket_name: "kit-logs",
      s3_key_prefix: "cloudtrail",
      kms_key_id: expect.stringContaining("aws_kms_key.logs_key"),
    });
  });

  it("records the documents bucket's object-level events beside management events", () => {
    const trail = Object.values(resourcesOf(json, "aws_cloudtrail"))[0];
    const selectors = trail.advanced_event_selector as { name: string; field_selector: { field: string }[] }[];
    expect(selectors.map((s) => s.name)).toEqual(["Management events", "Object-level events of the data buckets"]);
    expect(selectors[1].field_selector).toContainEqual({ field: "resources.ARN", starts_with: ["arn:aws:s3:::kit-documents/"] });
  });

  it("delivers to an encrypted CloudWatch log group with finite retention", () => {
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/aws/cloudtrail/kit-prod",
      retention_in_days: 365,
      kms_key_id: expect.stringContaining("aws_kms_key."),
    });
  });

  it("lets only this trail write to the logs bucket, under its prefix", () => {
    expect(logsBucket.statements.map((s) => s.Sid)).toEqual(["CloudTrailAclCheck", "CloudTrailWrite"]);
    for (const s of logsBucket.statements) {
      expect(s.Principal).toEqual({ Service: "cloudtrail.amazonaws.com" });
      expect(JSON.stringify(s.Condition)).toMatch(/"aws:SourceArn":"arn:.*:cloudtrail:.*:trail\/kit-prod"/);
    }
    expect(logsBucket.statements[1].Resource).toMatch(/^arn:aws:s3:::kit-logs\/cloudtrail\/AWSLogs\/.*\/\*$/);
  });

  it("lets CloudTrail encrypt with the logs key for this trail only", () => {
    const policy = JSON.parse(String(resourceAt(json, "aws_kms_key", "logs/key").policy));
    const sids = policy.Statement.map((s: { Sid: string }) => s.Sid);
    expect(sids).toEqual(expect.arrayContaining(["CloudTrailEncryptsLogs", "CloudTrailDescribesKey", "CloudWatchLogsUse"]));
  });

  it("enables GuardDuty with the EKS, S3, RDS and Lambda protections", () => {
    expect(synth).toHaveResourceWithProperties(GuarddutyDetector, { enable: true, finding_publishing_frequency: "FIFTEEN_MINUTES" });
    const features = Object.values(resourcesOf(json, "aws_guardduty_detector_feature"));
    expect(features.map((f) => f.name).sort()).toEqual([
      "EKS_AUDIT_LOGS",
      "LAMBDA_NETWORK_LOGS",
      "RDS_LOGIN_EVENTS",
      "RUNTIME_MONITORING",
      "S3_DATA_EVENTS",
    ]);
    for (const f of features) expect(f.status).toBe("ENABLED");
    const runtime = features.find((f) => f.name === "RUNTIME_MONITORING")!;
    expect(runtime.additional_configuration).toEqual([{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }]);
  });

  it("subscribes Security Hub to the Foundational Security Best Practices standard only", () => {
    expect(synth).toHaveResourceWithProperties(SecurityhubAccount, { enable_default_standards: false });
    expect(synth).toHaveResourceWithProperties(SecurityhubStandardsSubscription, {
      standards_arn: expect.stringContaining("::standards/aws-foundational-security-best-practices/v/1.0.0"),
    });
  });

  it("creates immutable, scanned, KMS-encrypted repositories with bounded untagged images", () => {
    expect(synth).toHaveResourceWithProperties(EcrRepository, {
      name: "kit/prod/processing-worker",
      image_tag_mutability: "IMMUTABLE",
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: "KMS", kms_key: expect.stringContaining("aws_kms_key.storage_key") }],
    });
    const lifecycle = JSON.parse(String(Object.values(resourcesOf(json, "aws_ecr_lifecycle_policy"))[0].policy));
    expect(lifecycle.rules[0].selection).toEqual({ tagStatus: "untagged", countType: "imageCountMoreThan", countNumber: 10 });
    expect(countOf(json, "aws_ecr_replication_configuration")).toBe(0);
  });

  it("keeps images inside the account until a role is granted pull", () => {
    const policy = JSON.parse(String(Object.values(resourcesOf(json, "aws_ecr_repository_policy"))[0].policy));
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0]).toMatchObject({ Sid: "DenyPullOutsideAccount", Effect: "Deny" });
  });

  it("grants pull to exactly the roles asked", () => {
    const { stack: s2, services: svc } = build();
    svc.registry!.grantPull({ grantRole: { arn: "arn:aws:iam::123456789012:role/nodes" } as IamRole, granted: () => undefined });
    const policy = JSON.parse(String(Object.values(resourcesOf(synthJson(s2), "aws_ecr_repository_policy"))[0].policy));
    expect(policy.Statement[1]).toMatchObject({
      Effect: "Allow",
      Principal: { AWS: ["arn:aws:iam::123456789012:role/nodes"] },
      Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
    });
  });

  it("puts a regional web ACL with the managed rule groups and a per-IP rate rule in front of the load balancer", () => {
    expect(synth).toHaveResourceWithProperties(Wafv2WebAcl, { scope: "REGIONAL", default_action: { allow: {} } });
    const acl = Object.values(resourcesOf(json, "aws_wafv2_web_acl"))[0];
    const rules = acl.rule as { name: string; priority: number; statement: Record<string, unknown> }[];
    expect(rules.map((r) => [r.name, r.priority])).toEqual([
      ["AWSManagedRulesCommonRuleSet", 10],
      ["AWSManagedRulesKnownBadInputsRuleSet", 20],
      ["rate-limit-per-ip", 30],
    ]);
    expect(rules[2].statement).toEqual({ rate_based_statement: { limit: 2000, aggregate_key_type: "IP", evaluation_window_sec: 300 } });
  });

  it("logs the web ACL to an encrypted aws-waf-logs- group with Authorization redacted", () => {
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, { name: "aws-waf-logs-kit-prod", retention_in_days: 365 });
    expect(synth).toHaveResourceWithProperties(Wafv2WebAclLoggingConfiguration, {
      redacted_fields: [{ single_header: { name: "authorization" } }],
    });
  });

  it("grants nothing to a * principal", () => {
    const anyone = policyStatements(json).filter((p) => allowsAnyPrincipal(p.statement));
    expect(anyone).toEqual([]);
    expect(logsBucket.statements.filter((s) => allowsAnyPrincipal(s as never))).toEqual([]);
  });

  it("warns about nothing when every service is on", () => {
    expect(warningsIn(stack)).toEqual([]);
  });
});

describe("SecurityServices flags", () => {
  const off: SecurityServicesConfig = { guardDuty: false, webFirewall: false };

  it("leaves out the services turned off", () => {
    const { json, services } = build({ enabled: off });
    expect(countOf(json, "aws_guardduty_detector")).toBe(0);
    expect(countOf(json, "aws_wafv2_web_acl")).toBe(0);
    expect(countOf(json, "aws_cloudtrail")).toBe(1);
    expect(services.firewall).toBeUndefined();
  });

  it("can turn every service off", () => {
    const { json } = build({
      enabled: { cloudTrail: false, guardDuty: false, securityHub: false, containerRegistry: false, webFirewall: false },
      production: false,
    });
    expect(Object.keys(json.resource ?? {}).filter((t) => !t.startsWith("aws_kms"))).toEqual([]);
  });

  it("warns once per service a production environment turns off", () => {
    const { stack } = build({ enabled: off });
    expect(warningsIn(stack)).toEqual([
      "GuardDuty threat detection is turned off (securityServices.guardDuty = false) in a production environment; make sure your organisation runs it centrally.",
      "WAF web ACL is turned off (securityServices.webFirewall = false) in a production environment; make sure your organisation runs it centrally.",
    ]);
  });

  it("does not warn outside production", () => {
    const { stack } = build({ enabled: off, production: false });
    expect(warningsIn(stack)).toEqual([]);
  });

  it("replicates repositories to the DR region when asked", () => {
    const { json } = build({ replicationRegion: "us-east-1" });
    const replication = Object.values(resourcesOf(json, "aws_ecr_replication_configuration"))[0];
    expect(replication.replication_configuration).toMatchObject({
      rule: [
        {
          destination: [{ region: "us-east-1" }],
          repository_filter: [{ filter: "kit/prod/", filter_type: "PREFIX_MATCH" }],
        },
      ],
    });
  });
});

describe("SecurityServices validation", () => {
  it("fails on a repository name ECR rejects", () => {
    expect(() => build({ repositories: ["Processing Worker"] })).toThrow(
      'repositories ["Processing Worker"] are not valid names; expected lower-case letters and digits',
    );
  });

  it("fails on a rate limit outside WAF's range", () => {
    expect(() => build({ rateLimitPer5Minutes: 5 })).toThrow("rateLimitPer5Minutes got 5; expected a whole number from 10 to 2000000000");
  });
});
