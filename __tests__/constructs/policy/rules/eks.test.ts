import { ruleSuite } from "./harness";

const ALL_LOGS = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
const eks = (config: Record<string, unknown>) => ({ aws_eks_cluster: { eks: { name: "prod", role_arn: "r", vpc_config: { subnet_ids: ["s"] }, ...config } } });
const addon = (config: Record<string, unknown>) => ({ aws_eks_addon: { addon: { cluster_name: "prod", addon_name: "coredns", ...config } } });
const logGroup = (name: string) => ({ aws_cloudwatch_log_group: { control: { name } } });

ruleSuite("eks", {
  "KIT-EKS-001": [
    { name: "secrets encrypted with a stack key", expect: ["pass"], resources: eks({ encryption_config: { resources: ["secrets"], provider: { key_arn: "${aws_kms_key.secrets.arn}" } } }) },
    {
      name: "secrets without a provider block",
      expect: ["fail", "encryption_config.provider.key_arn: no KMS key is set, so the service uses an AWS-managed key"],
      resources: eks({ encryption_config: [{ resources: ["secrets"] }] }),
      rawShape: "provider is a required block; an override that drops it",
    },
    { name: "no encryption_config", expect: ["fail", "no encryption_config covers secrets"], resources: eks({}) },
    {
      name: "encryption_config for something else",
      expect: ["fail", "no encryption_config covers secrets"],
      resources: eks({ encryption_config: { resources: ["configmaps"], provider: { key_arn: "${aws_kms_key.secrets.arn}" } } }),
    },
    {
      name: "secrets under the AWS-managed key",
      expect: ["fail", 'encryption_config.provider.key_arn: "alias/aws/eks" is an AWS-managed key alias'],
      resources: eks({ encryption_config: { resources: ["secrets"], provider: { key_arn: "alias/aws/eks" } } }),
    },
  ],
  "KIT-EKS-002": [
    { name: "private endpoint only", expect: ["pass"], resources: eks({ vpc_config: { subnet_ids: ["s"], endpoint_public_access: false } }) },
    {
      name: "public to listed networks",
      expect: ["pass", "public to 203.0.113.0/24, 198.51.100.7/32"],
      resources: eks({ vpc_config: { subnet_ids: ["s"], endpoint_public_access: true, public_access_cidrs: ["203.0.113.0/24", "198.51.100.7/32"] } }),
    },
    {
      name: "no vpc_config at all",
      expect: ["fail", "the public endpoint has no public_access_cidrs, so it is open to 0.0.0.0/0"],
      resources: { aws_eks_cluster: { eks: { name: "prod", role_arn: "r" } } },
      rawShape: "vpc_config is required; an override that drops it",
    },
    {
      name: "public by the provider's default",
      expect: ["fail", "the public endpoint has no public_access_cidrs, so it is open to 0.0.0.0/0"],
      resources: eks({}),
    },
    {
      name: "public to everyone",
      expect: ["fail", "the public endpoint allows 0.0.0.0/0, ::/0"],
      resources: eks({ vpc_config: { subnet_ids: ["s"], public_access_cidrs: ["10.0.0.0/8", "0.0.0.0/0", "::/0"] } }),
    },
    {
      name: "from an expression",
      expect: ["pass", "endpoint_public_access comes from an expression; not checked"],
      resources: eks({ vpc_config: { subnet_ids: ["s"], endpoint_public_access: "${var.public}" } }),
      rawShape: "an expression where the schema has a boolean",
    },
  ],
  "KIT-EKS-003": [
    { name: "every log type", expect: ["pass"], resources: eks({ enabled_cluster_log_types: ALL_LOGS }) },
    { name: "none", expect: ["fail", ALL_LOGS.map((t) => `${t} logs are not enabled`).join("; ")], resources: eks({}) },
    { name: "all but the scheduler", expect: ["fail", "scheduler logs are not enabled"], resources: eks({ enabled_cluster_log_types: ALL_LOGS.slice(0, 4) }) },
  ],
  "KIT-EKS-004": [
    { name: "a catalog version", expect: ["pass", "Kubernetes 1.34: in the test catalog"], resources: eks({ version: "1.34" }) },
    { name: "an unsupported version", expect: ["fail", "Kubernetes 1.20 is not supported: supported: 1.34, 1.35"], resources: eks({ version: "1.20" }) },
    { name: "unpinned", expect: ["fail", "Kubernetes version is not pinned, so it changes with the provider's default"], resources: eks({}) },
  ],
  "KIT-EKS-005": [
    { name: "API authentication", expect: ["pass"], resources: eks({ access_config: { authentication_mode: "API" } }) },
    { name: "API_AND_CONFIG_MAP", expect: ["fail", 'authentication_mode is "API_AND_CONFIG_MAP"'], resources: eks({ access_config: { authentication_mode: "API_AND_CONFIG_MAP" } }) },
    { name: "unset", expect: ["fail", "authentication_mode is unset (CONFIG_MAP)"], resources: eks({}) },
  ],
  "KIT-EKS-006": [
    {
      name: "no remote access",
      expect: ["pass"],
      resources: { aws_eks_node_group: { nodes: { cluster_name: "prod", node_role_arn: "r", subnet_ids: ["s"], scaling_config: { desired_size: 1, max_size: 2, min_size: 1 } } } },
    },
    {
      name: "SSH remote access",
      expect: ["fail", "remote_access opens SSH to the nodes"],
      resources: {
        aws_eks_node_group: {
          nodes: { cluster_name: "prod", node_role_arn: "r", subnet_ids: ["s"], scaling_config: { desired_size: 1, max_size: 2, min_size: 1 }, remote_access: { ec2_ssh_key: "k" } },
        },
      },
    },
  ],
  "KIT-EKS-007": [
    {
      name: "pinned (the test catalog has no add-on builds)",
      expect: ["pass", "add-on coredns v1.11.4-eksbuild.2 is pinned; the catalog does not cover eks-addon"],
      resources: addon({ addon_version: "v1.11.4-eksbuild.2" }),
    },
    {
      name: "a build the catalog rejects",
      expect: ["fail", "add-on coredns v1.0.0-eksbuild.1 is not supported: not pinned"],
      versions: () => ({ supported: false, detail: "not pinned" }),
      resources: addon({ addon_version: "v1.0.0-eksbuild.1" }),
    },
    { name: "unpinned", expect: ["fail", "add-on coredns version is not pinned, so it changes with the provider's default"], resources: addon({}) },
    {
      name: "unpinned, without a name",
      expect: ["fail", "add-on version is not pinned, so it changes with the provider's default"],
      resources: { aws_eks_addon: { addon: { cluster_name: "prod" } } },
    },
  ],
  "KIT-EKS-008": [
    { name: "the log group is created by the stack", expect: ["pass"], resources: { ...eks({ enabled_cluster_log_types: ["api"] }), ...logGroup("/aws/eks/prod/cluster") } },
    {
      name: "no log group",
      expect: ["fail", 'no aws_cloudwatch_log_group named "/aws/eks/prod/cluster" in this stack, so the cluster creates one that never expires'],
      resources: eks({ enabled_cluster_log_types: ["api"] }),
    },
    {
      name: "a log group of another name",
      expect: ["fail", 'no aws_cloudwatch_log_group named "/aws/eks/prod/cluster" in this stack, so the cluster creates one that never expires'],
      resources: { ...eks({ enabled_cluster_log_types: ["api"] }), ...logGroup("/aws/eks/dev/cluster") },
    },
    {
      name: "a cluster named by an expression",
      expect: ["pass", "the cluster has no literal name; its log group could not be matched"],
      resources: eks({ name: "${var.cluster}", enabled_cluster_log_types: ["api"] }),
    },
    { name: "no control plane logs", expect: ["n/a"], resources: eks({}) },
  ],
});
