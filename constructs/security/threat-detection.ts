import { GuarddutyDetector } from "@cdktf/provider-aws/lib/guardduty-detector";
import { GuarddutyDetectorFeature } from "@cdktf/provider-aws/lib/guardduty-detector-feature";
import { SecurityhubAccount } from "@cdktf/provider-aws/lib/securityhub-account";
import { SecurityhubStandardsSubscription } from "@cdktf/provider-aws/lib/securityhub-standards-subscription";
import { Construct } from "constructs";
import { awsContext } from "../core/aws-context";

/**
 * GuardDuty protections the platform relies on. RUNTIME_MONITORING with EKS add-on management replaces the
 * older EKS_RUNTIME_MONITORING feature (the two cannot both be set).
 */
const GUARDDUTY_FEATURES: Record<string, readonly string[]> = {
  S3_DATA_EVENTS: [],
  EKS_AUDIT_LOGS: [],
  RDS_LOGIN_EVENTS: [],
  LAMBDA_NETWORK_LOGS: [],
  RUNTIME_MONITORING: ["EKS_ADDON_MANAGEMENT"],
};

/** A GuardDuty detector with the EKS, S3, RDS and Lambda protections, publishing findings every 15 minutes. */
export class ThreatDetection extends Construct {
  readonly detector: GuarddutyDetector;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.detector = new GuarddutyDetector(this, "detector", {
      enable: true,
      findingPublishingFrequency: "FIFTEEN_MINUTES",
    });
    for (const [name, additional] of Object.entries(GUARDDUTY_FEATURES)) {
      new GuarddutyDetectorFeature(this, name.toLowerCase().replace(/_/g, "-"), {
        detectorId: this.detector.id,
        name,
        status: "ENABLED",
        additionalConfiguration: additional.map((n) => ({ name: n, status: "ENABLED" })),
      });
    }
  }
}

/** Security Hub with the AWS Foundational Security Best Practices standard, and nothing enabled implicitly. */
export class SecurityPosture extends Construct {
  readonly account: SecurityhubAccount;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const ctx = awsContext(this);
    this.account = new SecurityhubAccount(this, "account", {
      enableDefaultStandards: false,
      autoEnableControls: true,
    });
    new SecurityhubStandardsSubscription(this, "fsbp", {
      standardsArn: `arn:${ctx.partition}:securityhub:${ctx.region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
      dependsOn: [this.account],
    });
  }
}
