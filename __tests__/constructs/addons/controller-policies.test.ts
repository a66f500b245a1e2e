import { clusterAutoscalerStatements, externalSecretsStatements } from "../../../constructs/addons/controller-policies";
import { loadBalancerControllerStatements } from "../../../constructs/addons/load-balancer-controller-policy";
import type { AwsContext } from "../../../constructs/core/aws-context";

const ctx: AwsContext = { accountId: "123456789012", partition: "aws", region: "us-west-2", dnsSuffix: "amazonaws.com" };

describe("load balancer controller policy", () => {
  const statements = loadBalancerControllerStatements(ctx, "aec-platform-prod");
  const bySid = (sid: string) => statements.find((s) => s.Sid === sid)!;

  it("limits every write on load balancers and security groups to this cluster's tag", () => {
    for (const sid of ["ManageOwnLoadBalancers", "ManageOwnSecurityGroups", "RetagOwnLoadBalancers", "RetagOwnSecurityGroups"]) {
      expect(JSON.stringify(bySid(sid).Condition)).toContain('"aws:ResourceTag/elbv2.k8s.aws/cluster":"aec-platform-prod"');
    }
    expect(bySid("CreateTaggedLoadBalancers").Condition).toEqual({
      StringEquals: { "aws:RequestTag/elbv2.k8s.aws/cluster": "aec-platform-prod" },
    });
  });

  it("names this account and region in resource ARNs", () => {
    expect(bySid("RegisterTargets").Resource).toBe("arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/*/*");
    expect(bySid("CreateElbServiceLinkedRole").Condition).toEqual({
      StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" },
    });
  });
});

describe("cluster autoscaler policy", () => {
  it("scales only this cluster's groups", () => {
    const scale = clusterAutoscalerStatements(ctx, "aec-platform-prod").find((s) => s.Sid === "ScaleOwnNodeGroups")!;
    expect(scale.Condition).toEqual({ StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/aec-platform-prod": "owned" } });
  });
});

describe("external secrets policy", () => {
  it("reads only the environment's prefix and decrypts only through Secrets Manager", () => {
    const [read, decrypt] = externalSecretsStatements(ctx, "aec-platform/prod", "arn:aws:kms:us-west-2:123456789012:key/k");
    expect(read.Resource).toBe("arn:aws:secretsmanager:us-west-2:123456789012:secret:aec-platform/prod/*");
    expect(decrypt.Condition).toEqual({ StringEquals: { "kms:ViaService": "secretsmanager.us-west-2.amazonaws.com" } });
  });
});
