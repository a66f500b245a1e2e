// Least-privilege IAM statements of the cluster's controllers other than the load balancer controller
// (see load-balancer-controller-policy.ts). Each cites the document it follows.

import type { AwsContext } from "../core/aws-context";
import type { PolicyStatement } from "../iam/policy-document";

/**
 * Cluster Autoscaler on managed node groups (charts/cluster-autoscaler/README, "AWS - Full Cluster Autoscaler
 * Features Policy"): discovery is read-only; scaling is limited to Auto Scaling groups EKS tagged as this cluster's.
 * eks:DescribeNodegroup gives it the labels and taints of a group scaled to zero (the compute group).
 */
export function clusterAutoscalerStatements(ctx: AwsContext, clusterName: string): PolicyStatement[] {
  return [
    {
      Sid: "Discover",
      Effect: "Allow",
      Action: [
        "autoscaling:DescribeAutoScalingGroups",
        "autoscaling:DescribeAutoScalingInstances",
        "autoscaling:DescribeLaunchConfigurations",
        "autoscaling:DescribeScalingActivities",
        "autoscaling:DescribeTags",
        "ec2:DescribeImages",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplateVersions",
        "ec2:GetInstanceTypesFromInstanceRequirements",
      ],
      Resource: "*",
    },
    {
      Sid: "DescribeOwnNodeGroups",
      Effect: "Allow",
      Action: "eks:DescribeNodegroup",
      Resource: `arn:${ctx.partition}:eks:${ctx.region}:${ctx.accountId}:nodegroup/${clusterName}/*`,
    },
    {
      Sid: "ScaleOwnNodeGroups",
      Effect: "Allow",
      Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
      Resource: `arn:${ctx.partition}:autoscaling:${ctx.region}:${ctx.accountId}:autoScalingGroup:*:autoScalingGroupName/*`,
      Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" } },
    },
  ];
}

/**
 * External Secrets reading Secrets Manager (external-secrets.io, AWS provider "IAM policy"): only the
 * environment's secrets (`<project>/<env>/...`), decrypted through Secrets Manager with the secrets key.
 */
export function externalSecretsStatements(ctx: AwsContext, secretPrefix: string, secretsKeyArn: string): PolicyStatement[] {
  return [
    {
      Sid: "ReadEnvironmentSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds"],
      Resource: `arn:${ctx.partition}:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${secretPrefix}/*`,
    },
    {
      Sid: "DecryptThroughSecretsManager",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: secretsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${ctx.region}.${ctx.dnsSuffix}` } },
    },
  ];
}

/**
 * CloudWatch exporter (prometheus/cloudwatch_exporter README, "Credentials and permissions"): read-only metrics
 * and tag lookups. CloudWatch's metric APIs take no resource-level permissions, hence `*`.
 */
export function cloudWatchExporterStatements(): PolicyStatement[] {
  return [
    {
      Sid: "ReadMetrics",
      Effect: "Allow",
      Action: ["cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:ListMetrics", "tag:GetResources"],
      Resource: "*",
    },
  ];
}
