// IAM policy of the AWS Load Balancer Controller.
// Source of truth: docs/install/iam_policy.json in kubernetes-sigs/aws-load-balancer-controller at the release the
// chart in common/versions-cluster.ts runs (compare it on every chart bump). Differences from upstream, all
// narrowing: ARNs name this partition, region and account instead of `*`, and every condition on the controller's
// ownership tag requires this cluster's name (upstream only requires the tag to exist), so controllers of two
// clusters in one account cannot modify each other's load balancers. Describe/Get calls stay on `*`: EC2 and
// ELB read APIs take no resource-level permissions.

import type { AwsContext } from "../core/aws-context";
import type { PolicyStatement } from "../iam/policy-document";

const CLUSTER_TAG = "elbv2.k8s.aws/cluster";

export function loadBalancerControllerStatements(ctx: AwsContext, clusterName: string): PolicyStatement[] {
  const { partition, region, accountId } = ctx;
  const elb = (resource: string) => `arn:${partition}:elasticloadbalancing:${region}:${accountId}:${resource}`;
  const securityGroups = `arn:${partition}:ec2:${region}:${accountId}:security-group/*`;
  const ownedByThisCluster = { StringEquals: { [`aws:ResourceTag/${CLUSTER_TAG}`]: clusterName } };
  const taggedForThisCluster = { StringEquals: { [`aws:RequestTag/${CLUSTER_TAG}`]: clusterName } };
  const loadBalancersAndTargetGroups = [elb("targetgroup/*/*"), elb("loadbalancer/net/*/*"), elb("loadbalancer/app/*/*")];
  return [
    {
      Sid: "CreateElbServiceLinkedRole",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource: "*",
      Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
    },
    {
      Sid: "Describe",
      Effect: "Allow",
      Action: [
        "ec2:DescribeAccountAttributes",
        "ec2:DescribeAddresses",
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeInternetGateways",
        "ec2:DescribeVpcs",
        "ec2:DescribeVpcPeeringConnections",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeInstances",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeTags",
        "ec2:GetCoipPoolUsage",
        "ec2:DescribeCoipPools",
        "ec2:GetSecurityGroupsForVpc",
        "ec2:DescribeIpamPools",
        "ec2:DescribeRouteTables",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeListenerCertificates",
        "elasticloadbalancing:DescribeSSLPolicies",
        "elasticloadbalancing:DescribeRules",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:DescribeTargetHealth",
        "elasticloadbalancing:DescribeTags",
        "elasticloadbalancing:DescribeTrustStores",
        "elasticloadbalancing:DescribeListenerAttributes",
        "elasticloadbalancing:DescribeCapacityReservation",
      ],
      Resource: "*",
    },
    {
      Sid: "CertificatesFirewallShield",
      Effect: "Allow",
      Action: [
        "cognito-idp:DescribeUserPoolClient",
        "acm:ListCertificates",
        "acm:DescribeCertificate",
        "iam:ListServerCertificates",
        "iam:GetServerCertificate",
        "waf-regional:GetWebACL",
        "waf-regional:GetWebACLForResource",
        "waf-regional:AssociateWebACL",
        "waf-regional:DisassociateWebACL",
        "wafv2:GetWebACL",
        "wafv2:GetWebACLForResource",
        "wafv2:AssociateWebACL",
        "wafv2:DisassociateWebACL",
        "shield:GetSubscriptionState",
        "shield:DescribeProtection",
        "shield:CreateProtection",
        "shield:DeleteProtection",
      ],
      Resource: "*",
    },
    {
      // Upstream allows these on every security group: the controller opens node groups to its load balancers.
      Sid: "OpenNodeSecurityGroupsToLoadBalancers",
      Effect: "Allow",
      Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
      Resource: securityGroups,
    },
    { Sid: "CreateSecurityGroup", Effect: "Allow", Action: "ec2:CreateSecurityGroup", Resource: "*" },
    {
      Sid: "TagNewSecurityGroups",
      Effect: "Allow",
      Action: "ec2:CreateTags",
      Resource: securityGroups,
      Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup", [`aws:RequestTag/${CLUSTER_TAG}`]: clusterName } },
    },
    {
      Sid: "RetagOwnSecurityGroups",
      Effect: "Allow",
      Action: ["ec2:CreateTags", "ec2:DeleteTags"],
      Resource: securityGroups,
      Condition: { Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: "true" }, ...ownedByThisCluster },
    },
    {
      Sid: "ManageOwnSecurityGroups",
      Effect: "Allow",
      Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"],
      Resource: securityGroups,
      Condition: ownedByThisCluster,
    },
    {
      Sid: "CreateTaggedLoadBalancers",
      Effect: "Allow",
      Action: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
      Resource: "*",
      Condition: taggedForThisCluster,
    },
    {
      Sid: "ListenersAndRules",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:CreateListener",
        "elasticloadbalancing:DeleteListener",
        "elasticloadbalancing:CreateRule",
        "elasticloadbalancing:DeleteRule",
      ],
      Resource: "*",
    },
    {
      Sid: "RetagOwnLoadBalancers",
      Effect: "Allow",
      Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      Resource: loadBalancersAndTargetGroups,
      Condition: { Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: "true" }, ...ownedByThisCluster },
    },
    {
      Sid: "TagListenersAndRules",
      Effect: "Allow",
      Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      Resource: [
        elb("listener/net/*/*/*"),
        elb("listener/app/*/*/*"),
        elb("listener-rule/net/*/*/*"),
        elb("listener-rule/app/*/*/*"),
      ],
    },
    {
      Sid: "ManageOwnLoadBalancers",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:SetIpAddressType",
        "elasticloadbalancing:SetSecurityGroups",
        "elasticloadbalancing:SetSubnets",
        "elasticloadbalancing:DeleteLoadBalancer",
        "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:ModifyListenerAttributes",
        "elasticloadbalancing:ModifyCapacityReservation",
        "elasticloadbalancing:ModifyIpPools",
      ],
      Resource: "*",
      Condition: ownedByThisCluster,
    },
    {
      Sid: "TagOnCreate",
      Effect: "Allow",
      Action: "elasticloadbalancing:AddTags",
      Resource: loadBalancersAndTargetGroups,
      Condition: {
        StringEquals: {
          "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"],
          [`aws:RequestTag/${CLUSTER_TAG}`]: clusterName,
        },
      },
    },
    {
      Sid: "RegisterTargets",
      Effect: "Allow",
      Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
      Resource: elb("targetgroup/*/*"),
    },
    {
      Sid: "ListenerSettings",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:SetWebAcl",
        "elasticloadbalancing:ModifyListener",
        "elasticloadbalancing:AddListenerCertificates",
        "elasticloadbalancing:RemoveListenerCertificates",
        "elasticloadbalancing:ModifyRule",
        "elasticloadbalancing:SetRulePriorities",
      ],
      Resource: "*",
    },
  ];
}
