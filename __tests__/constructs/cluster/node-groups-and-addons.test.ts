import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { EKS_ADDON_NAMES, KUBERNETES_RELEASES } from "../../../common/versions-cluster";
import { resourceAt, resourcesOf } from "../../helpers";
import { clusterIn, dev, platformStack, prod } from "./fixtures";
import { KubernetesCluster } from "../../../constructs/cluster/kubernetes-cluster";
import { PodIdentityRole } from "../../../constructs/cluster/pod-identity-role";
import { Testing } from "cdktf";

describe("managed node groups (prod)", () => {
  const { synth, json } = clusterIn(prod);
  const general = resourceAt(json, "aws_eks_node_group", "node-group-general/node-group");
  const compute = resourceAt(json, "aws_eks_node_group", "node-group-compute/node-group");

  it("are keyed by name, in the private subnets, on Amazon Linux 2023 at the cluster's version", () => {
    for (const group of [general, compute]) {
      expect(group).toMatchObject({ ami_type: "AL2023_x86_64_STANDARD", version: expect.stringContaining("aws_eks_cluster") });
      expect(String(group.subnet_ids)).toContain("network_private-us-west-2a");
      expect(String(group.subnet_ids)).not.toContain("public");
    }
    expect(general.node_group_name_prefix).toBe("general-");
    expect(compute.node_group_name_prefix).toBe("compute-");
  });

  it("runs general on Spot across same-shape m-class types, 1-10 nodes", () => {
    expect(general).toMatchObject({
      capacity_type: "SPOT",
      instance_types: ["m6i.xlarge", "m5.xlarge", "m6a.xlarge", "m5a.xlarge"],
      scaling_config: { min_size: 1, desired_size: 3, max_size: 10 },
      labels: { nodegroup: "general" },
    });
    expect(general.taint).toBeUndefined();
  });

  it("runs compute on demand, 0-8 nodes, tainted and labelled", () => {
    expect(compute).toMatchObject({
      capacity_type: "ON_DEMAND",
      instance_types: ["c6i.4xlarge", "c5.4xlarge"],
      scaling_config: { min_size: 0, desired_size: 0, max_size: 8 },
      labels: { nodegroup: "compute", workload: "compute" },
      taint: [{ key: "workload", value: "compute", effect: "NO_SCHEDULE" }],
    });
  });

  it("leave the desired size to the autoscaler, replace before destroying, and repair nodes", () => {
    expect(synth).toHaveResourceWithProperties(EksNodeGroup, {
      lifecycle: { create_before_destroy: true, ignore_changes: ["scaling_config[0].desired_size"] },
      node_repair_config: { enabled: true },
      update_config: { max_unavailable_percentage: 33 },
    });
  });

  it("wait for the CNI add-ons, the key grant and the node role's policies", () => {
    const deps = (general.depends_on as string[]).join(" ");
    for (const needed of ["eks-pod-identity-agent", "vpc-cni", "kube-proxy", "aws_kms_grant", "AmazonEKSWorkerNodePolicy"]) {
      expect(deps).toContain(needed);
    }
  });

  it("run on dev's on-demand general group", () => {
    const { json: devJson } = clusterIn(dev);
    expect(resourceAt(devJson, "aws_eks_node_group", "node-group-general/node-group")).toMatchObject({
      capacity_type: "ON_DEMAND",
      scaling_config: { min_size: 1, desired_size: 2, max_size: 4 },
    });
  });
});

describe("launch templates", () => {
  const { synth, json } = clusterIn(prod);
  const templates = Object.values(resourcesOf(json, "aws_launch_template"));

  it("require IMDSv2 with a hop limit of 1", () => {
    expect(templates).toHaveLength(2);
    for (const t of templates) {
      expect(t.metadata_options).toEqual({
        http_endpoint: "enabled",
        http_tokens: "required",
        http_put_response_hop_limit: 1,
        instance_metadata_tags: "disabled",
      });
    }
  });

  it("encrypt gp3 root volumes with the cluster's volume key", () => {
    expect(synth).toHaveResourceWithProperties(LaunchTemplate, {
      block_device_mappings: [
        {
          device_name: "/dev/xvda",
          ebs: {
            volume_size: 50,
            volume_type: "gp3",
            encrypted: "true",
            kms_key_id: expect.stringContaining("cluster_keys_volumes_key"),
            delete_on_termination: "true",
          },
        },
      ],
    });
  });

  it("never associate a public IP and carry the cluster security group", () => {
    for (const t of templates) {
      const [nic] = t.network_interfaces as Record<string, unknown>[];
      expect(nic).toMatchObject({ associate_public_ip_address: "false", device_index: 0 });
      expect(nic.security_groups).toEqual([expect.stringContaining("vpc_config[0].cluster_security_group_id")]);
    }
  });

  it("add the given node security groups after the cluster's", () => {
    const built = platformStack(prod);
    const extra = new SecurityGroup(built.stack, "data-clients", { name: "data-clients", vpcId: built.network.vpcId });
    const settings = prod.cluster;
    new KubernetesCluster(built.stack, "cluster", {
      name: "aec-platform-prod",
      network: built.network,
      logsKey: built.keys.byClass.logs,
      nodeGroups: settings.nodeGroups,
      nodeSecurityGroups: [extra],
    });
    const out = JSON.parse(Testing.synth(built.stack));
    const [nic] = resourceAt(out, "aws_launch_template", "node-group-general/launch-template").network_interfaces as Record<string, unknown>[];
    expect(nic.security_groups).toEqual([expect.stringContaining("cluster_security_group_id"), expect.stringContaining("data-clients")]);
  });
});

describe("EKS managed add-ons", () => {
  const { synth, json } = clusterIn(prod);
  const addons = resourcesOf(json, "aws_eks_addon");
  const byName = (name: string) => Object.values(addons).find((a) => a.addon_name === name)!;

  it("installs the five add-ons at the builds the catalog pins for 1.35, overwriting conflicts", () => {
    expect(Object.values(addons).map((a) => a.addon_name).sort()).toEqual([...EKS_ADDON_NAMES].sort());
    for (const name of EKS_ADDON_NAMES) {
      expect(byName(name)).toMatchObject({
        addon_version: KUBERNETES_RELEASES["1.35"].addons[name],
        resolve_conflicts_on_create: "OVERWRITE",
        resolve_conflicts_on_update: "OVERWRITE",
      });
    }
  });

  it("gives vpc-cni its own Pod Identity role with the CNI policy, and turns on network policy enforcement", () => {
    expect(byName("vpc-cni")).toMatchObject({
      configuration_values: JSON.stringify({ enableNetworkPolicy: "true" }),
      pod_identity_association: [{ service_account: "aws-node", role_arn: expect.stringContaining("vpc-cni-role") }],
    });
    const role = resourceAt(json, "aws_iam_role", "addons/vpc-cni-role");
    expect(role.name).toBe("aec-platform-prod-vpc-cni");
    const trust = JSON.parse(String(role.assume_role_policy)).Statement[0];
    expect(trust).toMatchObject({ Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] });
    // The session tag the EKS User Guide documents for Pod Identity trust policies, not aws:SourceArn.
    expect(trust.Condition.StringEquals["aws:RequestTag/eks-cluster-arn"]).toContain("aws_eks_cluster");
    expect(trust.Condition.ArnEquals).toBeUndefined();
  });

  it("gives the EBS CSI driver the managed policy plus use of the volume key", () => {
    expect(byName("aws-ebs-csi-driver").pod_identity_association).toEqual([
      { service_account: "ebs-csi-controller-sa", role_arn: expect.stringContaining("aws-ebs-csi-driver-role") },
    ]);
    const policy = JSON.parse(String(resourceAt(json, "aws_iam_role_policy", "addons/aws-ebs-csi-driver-role/policy").policy));
    expect(policy.Statement[0]).toMatchObject({
      Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
      Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
    });
    expect(synth).toMatch(/service-role\/AmazonEBSCSIDriverPolicy/);
  });

  it("creates CoreDNS and the EBS CSI driver after the node groups", () => {
    for (const name of ["coredns", "aws-ebs-csi-driver"]) {
      expect(byName(name).depends_on).toEqual([
        expect.stringMatching(/^aws_eks_node_group\..*general/),
        expect.stringMatching(/^aws_eks_node_group\..*compute/),
      ]);
    }
    expect(byName("vpc-cni").depends_on).toBeUndefined();
    expect(synth).toHaveResourceWithProperties(EksAddon, { addon_name: "eks-pod-identity-agent" });
  });
});

describe("ManagedNodeGroup validation", () => {
  const settings = prod.cluster;
  const withGeneral = (general: object) => () =>
    clusterIn(prod, { nodeGroups: { general: { ...settings.nodeGroups.general, ...general } } });

  it("fails when minSize exceeds maxSize", () => {
    expect(withGeneral({ minSize: 5, maxSize: 2, desiredSize: 3 })).toThrow(
      "settings.minSize: got 5; expected at most maxSize (2). Fix: lower minSize or raise maxSize",
    );
  });

  it("fails when desiredSize is out of range", () => {
    expect(withGeneral({ desiredSize: 11 })).toThrow(
      "settings.desiredSize: got 11; expected from minSize (1) to maxSize (10). Fix: set desiredSize within the range",
    );
  });

  it("fails when maxSize is 0 and when no instance type is given", () => {
    expect(withGeneral({ minSize: 0, desiredSize: 0, maxSize: 0, instanceTypes: [] })).toThrow(
      /settings.instanceTypes: got \[\]; expected at least one instance type[\s\S]*settings.maxSize: got 0; expected at least 1/,
    );
  });
});

describe("PodIdentityRole validation", () => {
  it("fails on a role name IAM would reject", () => {
    const built = platformStack(prod);
    const name = `${"x".repeat(60)}-vpc-cni`;
    expect(() => new PodIdentityRole(built.stack, "r", { cluster: { clusterName: "c", clusterArn: "a" }, roleName: name, description: "d" })).toThrow(
      `roleName: got "${name}"; expected an IAM role name of at most 64 characters`,
    );
  });
});
