import { hasConditions } from "../../policy-document";
import { checkStatements, IDENTITY_POLICY_TYPES, identityPolicies } from "../shared/iam-statements";
import { defineRule } from "../../types";

// Actions that accept no resource ARN, so "*" is the only possible resource. Describe*/List* are covered by prefix.
const UNRESTRICTABLE = new Set(
  [
    "ecr:GetAuthorizationToken",
    "sts:GetCallerIdentity",
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "xray:GetSamplingStatisticSummaries",
    "cloudwatch:PutMetricData",
    "cloudwatch:GetMetricData",
    "cloudwatch:GetMetricStatistics",
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:PutResourcePolicy",
    "kms:CreateKey",
    "kms:GenerateRandom",
    "secretsmanager:GetRandomPassword",
    "tag:GetResources",
    // Read-only discovery calls that take no resource ARN.
    "ec2:GetInstanceTypesFromInstanceRequirements",
    "ec2:GetSecurityGroupsForVpc",
    "ec2:GetCoipPoolUsage",
    "shield:GetSubscriptionState",
    // Lambda's ENI management in a VPC: AWS's own AWSLambdaVPCAccessExecutionRole grants these on "*".
    "ec2:CreateNetworkInterface",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
  ].map((a) => a.toLowerCase()),
);

function isRestrictable(action: string): boolean {
  const verb = action.split(":")[1] ?? "";
  if (/^(describe|list)/i.test(verb)) return false;
  return !UNRESTRICTABLE.has(action.toLowerCase());
}

export default defineRule({
  id: "KIT-IAM-003",
  level: "error",
  description: 'Identity policies allow restrictable actions only on named resources, not "*" (unless conditioned).',
  fix: 'Name the resource ARNs (or add a condition such as aws:ResourceTag); keep "*" for actions that take no resource.',
  refs: { checkov: ["CKV_AWS_355"] },
  appliesTo: IDENTITY_POLICY_TYPES,
  check: (resource, { stack }) =>
    checkStatements(identityPolicies(resource), stack, (s) => {
      if (s.effect !== "Allow" || !s.resources.includes("*") || hasConditions(s)) return undefined;
      const restrictable = s.actions.filter(isRestrictable);
      return restrictable.length > 0 ? `allows ${restrictable.join(", ")} on "*"` : undefined;
    }),
});
