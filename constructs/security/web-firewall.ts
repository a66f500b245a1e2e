import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { Construct } from "constructs";
import { awsContext } from "../core/aws-context";
import { policyDocument } from "../iam/policy-document";
import type { EncryptionKey } from "../keys/encryption-key";

export interface WebFirewallProps {
  /** Web ACL name, e.g. `aec-platform-prod`. */
  readonly name: string;
  readonly logsKey: EncryptionKey;
  readonly logRetentionDays: number;
  /** Requests one client IP may make in 5 minutes before it is blocked (WAF allows 10 to 2,000,000,000). @default 2000 */
  readonly rateLimitPer5Minutes?: number;
}

const DEFAULTS = { rateLimitPer5Minutes: 2000 } as const;
const MANAGED_RULE_GROUPS = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"] as const;

function visibility(metricName: string) {
  return { cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

/**
 * A regional web ACL for the public load balancer: AWS managed common and known-bad-inputs rules and a per-IP
 * rate limit, with metrics and logging (Authorization headers redacted) into an encrypted log group.
 */
export class WebFirewall extends Construct {
  readonly webAcl: Wafv2WebAcl;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: WebFirewallProps) {
    super(scope, id);
    const limit = props.rateLimitPer5Minutes ?? DEFAULTS.rateLimitPer5Minutes;
    if (!Number.isInteger(limit) || limit < 10 || limit > 2_000_000_000) {
      throw new Error(
        `WebFirewall ${this.node.path}: rateLimitPer5Minutes got ${limit}; expected a whole number from 10 to 2000000000 (WAF limits). Fix: use the default 2000 or your measured peak per client.`,
      );
    }
    const ctx = awsContext(this);
    this.webAcl = new Wafv2WebAcl(this, "web-acl", {
      name: props.name,
      description: "Public entry: AWS managed rules and a per-IP rate limit",
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`${props.name}-web-acl`),
      rule: [
        ...MANAGED_RULE_GROUPS.map((group, i) => ({
          name: group,
          priority: 10 * (i + 1),
          overrideAction: { none: {} },
          statement: { managed_rule_group_statement: { name: group, vendor_name: "AWS" } },
          visibilityConfig: visibility(group),
        })),
        {
          name: "rate-limit-per-ip",
          priority: 10 * (MANAGED_RULE_GROUPS.length + 1),
          action: { block: {} },
          statement: { rate_based_statement: { limit, aggregate_key_type: "IP", evaluation_window_sec: 300 } },
          visibilityConfig: visibility("rate-limit-per-ip"),
        },
      ],
    });
    this.arn = this.webAcl.arn;

    props.logsKey.allowCloudWatchLogs();
    // WAF only delivers to log groups whose name starts with aws-waf-logs-.
    const logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `aws-waf-logs-${props.name}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logsKey.arn,
    });
    const delivery = new CloudwatchLogResourcePolicy(this, "log-delivery-policy", {
      policyName: `${props.name}-waf-log-delivery`,
      policyDocument: policyDocument([
        {
          Effect: "Allow",
          Principal: { Service: "delivery.logs.amazonaws.com" },
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${logGroup.arn}:*`,
          Condition: {
            StringEquals: { "aws:SourceAccount": ctx.accountId },
            ArnLike: { "aws:SourceArn": `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:*` },
          },
        },
      ]),
    });
    new Wafv2WebAclLoggingConfiguration(this, "logging", {
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [logGroup.arn],
      redactedFields: [{ singleHeader: { name: "authorization" } }],
      dependsOn: [delivery],
    });
  }
}
