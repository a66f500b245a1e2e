import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsGrant } from "@cdktf/provider-aws/lib/kms-grant";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { KUBERNETES_RELEASES } from "../../../common/versions-cluster";
import { countOf, resourceAt, resourcesOf } from "../../helpers";
import { clusterIn, dev, prod } from "./fixtures";

describe("KubernetesCluster in prod", () => {
  const { synth, json } = clusterIn(prod);
  const cluster = resourceAt(json, "aws_eks_cluster", "cluster");

  it("runs the catalog's Kubernetes version, named after the environment", () => {
    expect(synth).toHaveResourceWithProperties(EksCluster, { name: "aec-platform-prod", version: "1.35" });
    expect(KUBERNETES_RELEASES["1.35"].endOfStandardSupport).toBe("2027-03-27");
  });

  it("has a private endpoint only, in the private subnets", () => {
    const vpc = cluster.vpc_config as Record<string, unknown>;
    expect(vpc).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    expect(vpc.public_access_cidrs).toBeUndefined();
    expect(vpc.subnet_ids).toHaveLength(3);
    expect(String(vpc.subnet_ids)).toContain("network_private-us-west-2a");
  });

  it("envelope-encrypts secrets with the cluster's own key", () => {
    expect(cluster.encryption_config).toEqual({
      resources: ["secrets"],
      provider: { key_arn: expect.stringContaining("cluster_keys_secrets_key") },
    });
  });

  it("ships all five control-plane log types to an encrypted group with finite retention, created first", () => {
    expect(cluster.enabled_cluster_log_types).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/aws/eks/aec-platform-prod/cluster",
      retention_in_days: 90,
      kms_key_id: expect.stringContaining("keys_logs_key"),
    });
    expect(cluster.depends_on).toEqual(expect.arrayContaining([expect.stringContaining("aws_cloudwatch_log_group.cluster_control-plane-logs")]));
  });

  it("uses access entries only, skips self-managed add-ons, refuses deletion and stays on standard support", () => {
    expect(cluster).toMatchObject({
      access_config: { authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: true },
      bootstrap_self_managed_addons: false,
      deletion_protection: true,
      upgrade_policy: { support_type: "STANDARD" },
    });
    expect(countOf(json, "aws_eks_access_entry")).toBe(0);
  });

  it("admits the API port from the VPC on the control plane's security group, with a description", () => {
    expect(synth).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      cidr_ipv4: "10.0.0.0/16",
      from_port: 443,
      to_port: 443,
      ip_protocol: "tcp",
      description: "Kubernetes API (private endpoint) from 10.0.0.0/16",
    });
  });

  it("trusts EKS for this cluster only and gives the control plane use of the secrets key", () => {
    const role = resourceAt(json, "aws_iam_role", "cluster/roles/cluster");
    const trust = JSON.parse(String(role.assume_role_policy));
    expect(trust.Statement[0].Principal).toEqual({ Service: "eks.amazonaws.com" });
    expect(trust.Statement[0].Condition.ArnLike["aws:SourceArn"]).toMatch(/:cluster\/aec-platform-prod$/);
    expect(synth).toHaveResourceWithProperties(IamRolePolicyAttachment, {
      policy_arn: expect.stringMatching(/:iam::aws:policy\/AmazonEKSClusterPolicy$/),
    });
  });

  it("gives nodes only the worker and image-pull policies (the CNI policy is on the vpc-cni role)", () => {
    const attachments = Object.values(resourcesOf(json, "aws_iam_role_policy_attachment"))
      .filter((a) => String(a.role).includes("cluster_roles_node"))
      .map((a) => String(a.policy_arn).replace(/^.*policy\//, ""));
    expect(attachments.sort()).toEqual(["AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodePolicy"]);
  });

  it("lets Auto Scaling launch nodes with volumes under the volume key", () => {
    expect(synth).toHaveResourceWithProperties(KmsGrant, {
      grantee_principal: expect.stringContaining("role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"),
      key_id: expect.stringContaining("cluster_keys_volumes_key"),
      operations: expect.arrayContaining(["GenerateDataKeyWithoutPlaintext", "CreateGrant"]),
    });
  });

  it("creates no OIDC provider unless IRSA is asked for", () => {
    expect(countOf(json, "aws_iam_openid_connect_provider")).toBe(0);
  });
});

describe("KubernetesCluster branches", () => {
  it("opens the public endpoint only to the environment's allow-list (dev)", () => {
    const { json } = clusterIn(dev);
    const vpc = resourceAt(json, "aws_eks_cluster", "cluster").vpc_config as Record<string, unknown>;
    expect(vpc).toMatchObject({ endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ["203.0.113.0/24"] });
  });

  it("makes each listed role a cluster admin through an access entry", () => {
    const arn = "arn:aws:iam::123456789012:role/platform-admins";
    const { synth } = clusterIn(prod, { adminRoleArns: [arn] });
    expect(synth).toHaveResourceWithProperties(EksAccessEntry, { principal_arn: arn, type: "STANDARD" });
    expect(synth).toHaveResourceWithProperties(EksAccessPolicyAssociation, {
      policy_arn: expect.stringContaining(":eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"),
      access_scope: { type: "cluster" },
    });
  });

  it("creates an OIDC provider without a thumbprint when IRSA is on", () => {
    const { synth } = clusterIn(prod, { irsa: true });
    expect(synth).toHaveResourceWithProperties(IamOpenidConnectProvider, { client_id_list: ["sts.amazonaws.com"] });
    expect(synth).not.toHaveResourceWithProperties(IamOpenidConnectProvider, { thumbprint_list: expect.anything() });
  });

  it("admits the API from extra CIDRs when given", () => {
    const { json } = clusterIn(prod, { apiAccessCidrs: ["10.0.0.0/16", "172.16.0.0/24"] });
    const rules = Object.values(resourcesOf(json, "aws_vpc_security_group_ingress_rule")).filter((r) =>
      String(r.description).startsWith("Kubernetes API"),
    );
    expect(rules.map((r) => r.cidr_ipv4).sort()).toEqual(["10.0.0.0/16", "172.16.0.0/24"]);
  });

  it("admits a CIDR listed twice once (the VPC repeated in the settings, say), instead of failing the synth", () => {
    const { json } = clusterIn(prod, { apiAccessCidrs: ["10.0.0.0/16", "10.0.0.0/16"] });
    const rules = Object.values(resourcesOf(json, "aws_vpc_security_group_ingress_rule")).filter((r) =>
      String(r.description).startsWith("Kubernetes API"),
    );
    expect(rules.map((r) => r.cidr_ipv4)).toEqual(["10.0.0.0/16"]);
  });
});

describe("KubernetesCluster validation", () => {
  it("fails on a Kubernetes version the catalog does not pin", () => {
    expect(() => clusterIn(prod, { kubernetesVersion: "1.29" })).toThrow(
      'kubernetesVersion: got "1.29"; expected a Kubernetes minor from the kit\'s catalog (1.35). Fix: use 1.35, or add the minor',
    );
  });

  it("fails on a public endpoint open to the internet", () => {
    expect(() => clusterIn(prod, { endpoint: { mode: "privateAndPublic", publicCidrs: ["0.0.0.0/0"] } })).toThrow(
      'endpoint.publicCidrs[0]: got "0.0.0.0/0"; expected an IPv4 CIDR narrower than 0.0.0.0/0',
    );
  });

  it("fails on a public endpoint without an allow-list", () => {
    expect(() => clusterIn(prod, { endpoint: { mode: "privateAndPublic", publicCidrs: [] } })).toThrow(
      "endpoint.publicCidrs: got []; expected at least one CIDR allowed to reach the public endpoint",
    );
  });
});
