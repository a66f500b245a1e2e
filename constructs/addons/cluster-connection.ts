import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import type { ClusterIdentity } from "../cluster/pod-identity-role";

export interface ClusterConnectionProps {
  /** Name of an existing EKS cluster (made by the platform stack). */
  readonly clusterName: string;
  /** Region of the cluster. */
  readonly region: string;
}

/**
 * The kubernetes and helm providers of a stack, pointed at an existing cluster found by name. Credentials are a
 * short-lived token from `aws eks get-token` (the AWS CLI on the deployer's PATH) fetched at every plan and apply,
 * so nothing long-lived lands in state, and the stack needs no output of the stack that made the cluster.
 */
export class ClusterConnection extends Construct implements ClusterIdentity {
  readonly cluster: DataAwsEksCluster;
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly vpcId: string;
  readonly kubernetes: KubernetesProvider;
  readonly helm: HelmProvider;

  constructor(scope: Construct, id: string, props: ClusterConnectionProps) {
    super(scope, id);
    this.cluster = new DataAwsEksCluster(this, "cluster", { name: props.clusterName });
    this.clusterName = this.cluster.name;
    this.clusterArn = this.cluster.arn;
    this.vpcId = this.cluster.vpcConfig.get(0).vpcId;
    const host = this.cluster.endpoint;
    const clusterCaCertificate = Fn.base64decode(this.cluster.certificateAuthority.get(0).data);
    const exec = {
      apiVersion: "client.authentication.k8s.io/v1beta1",
      command: "aws",
      args: ["eks", "get-token", "--cluster-name", props.clusterName, "--region", props.region, "--output", "json"],
    };
    this.kubernetes = new KubernetesProvider(this, "kubernetes", { host, clusterCaCertificate, exec: [exec] });
    this.helm = new HelmProvider(this, "helm", { kubernetes: { host, clusterCaCertificate, exec } });
  }
}
