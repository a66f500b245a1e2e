import { DataAwsKmsAlias } from "@cdktf/provider-aws/lib/data-aws-kms-alias";
import { Construct } from "constructs";
import { awsContext } from "../core/aws-context";
import type { PolicyStatement } from "../iam/policy-document";
import { ChartRelease, type ValuesByRelease } from "./chart-release";
import type { ClusterConnection } from "./cluster-connection";
import { ControllerIdentity } from "./controller-identity";
import { clusterAutoscalerStatements, externalSecretsStatements } from "./controller-policies";
import { loadBalancerControllerStatements } from "./load-balancer-controller-policy";
import { PlatformNamespace } from "./platform-namespace";

export interface ClusterControllersProps {
  readonly connection: ClusterConnection;
  /** Plain-text cluster name, e.g. `aec-platform-prod`; role names start with it. */
  readonly clusterName: string;
  /** Secrets Manager name prefix External Secrets may read, e.g. `aec-platform/prod`. */
  readonly secretPrefix: string;
  /** Alias (without `alias/`) of the key the environment's secrets are encrypted with. */
  readonly secretsKeyAlias: string;
  /** Helm values by release name, merged over the kit's (charts/<release>/values.yaml). @default {} */
  readonly helmValues?: ValuesByRelease;
}

/**
 * The cluster's controllers: AWS Load Balancer Controller, External Secrets, Cluster Autoscaler, metrics-server
 * and KEDA, each released from its pinned chart; those that call AWS with a role of their own.
 */
export class ClusterControllers extends Construct {
  readonly loadBalancerController: ChartRelease;
  readonly externalSecrets: ChartRelease;
  readonly clusterAutoscaler: ChartRelease;
  readonly metricsServer: ChartRelease;
  /** Scales workers on queue depth: their ScaledObjects need its CRDs, so workloads depend on this release. */
  readonly keda: ChartRelease;
  readonly identities: Readonly<Record<string, ControllerIdentity>>;

  constructor(scope: Construct, id: string, props: ClusterControllersProps) {
    super(scope, id);
    const ctx = awsContext(this);
    const cluster = props.connection;
    const env = (release: string) => props.helmValues?.[release] ?? {};
    const identity = (release: string, namespace: string, serviceAccount: string, statements: readonly PolicyStatement[]) =>
      new ControllerIdentity(this, `${release}-identity`, {
        cluster,
        roleName: `${props.clusterName}-${release}`,
        namespace,
        serviceAccount,
        statements,
      });

    const lbc = identity("aws-load-balancer-controller", "kube-system", "aws-load-balancer-controller",
      loadBalancerControllerStatements(ctx, props.clusterName));
    // Region and VPC are given, not discovered: with a metadata hop limit of 1 the controller cannot reach IMDS.
    this.loadBalancerController = new ChartRelease(this, "aws-load-balancer-controller", {
      release: "aws-load-balancer-controller",
      namespace: "kube-system",
      values: {
        clusterName: props.clusterName,
        region: ctx.region,
        vpcId: cluster.vpcId,
        serviceAccount: { create: true, name: "aws-load-balancer-controller" },
      },
      environmentValues: env("aws-load-balancer-controller"),
      dependsOn: [lbc.association],
    });
    // Every later release creates Services or Pods that the controller's webhooks see: install it first.
    const afterLbc = [this.loadBalancerController.release];

    const secretsKey = new DataAwsKmsAlias(this, "secrets-key", { name: `alias/${props.secretsKeyAlias}` });
    const esoNamespace = new PlatformNamespace(this, "external-secrets-namespace", {
      name: "external-secrets",
      enforce: "restricted",
      // The controller calls Secrets Manager and its webhook is called by the API server: no default deny here.
      defaultDeny: false,
    });
    const eso = identity("external-secrets", "external-secrets", "external-secrets",
      externalSecretsStatements(ctx, props.secretPrefix, secretsKey.targetKeyArn));
    this.externalSecrets = new ChartRelease(this, "external-secrets", {
      release: "external-secrets",
      namespace: esoNamespace.name,
      values: { serviceAccount: { create: true, name: "external-secrets" } },
      environmentValues: env("external-secrets"),
      dependsOn: [...afterLbc, eso.association, esoNamespace.namespace],
    });

    const ca = identity("cluster-autoscaler", "kube-system", "cluster-autoscaler",
      clusterAutoscalerStatements(ctx, props.clusterName));
    this.clusterAutoscaler = new ChartRelease(this, "cluster-autoscaler", {
      release: "cluster-autoscaler",
      namespace: "kube-system",
      values: {
        autoDiscovery: { clusterName: props.clusterName },
        awsRegion: ctx.region,
        rbac: { serviceAccount: { create: true, name: "cluster-autoscaler" } },
      },
      environmentValues: env("cluster-autoscaler"),
      dependsOn: [...afterLbc, ca.association],
    });

    this.metricsServer = new ChartRelease(this, "metrics-server", {
      release: "metrics-server",
      namespace: "kube-system",
      environmentValues: env("metrics-server"),
      dependsOn: afterLbc,
    });
    // KEDA's metrics server is called by the API server and the operator reads queue depth from the broker: like
    // External Secrets, no default deny here; the namespace still enforces the restricted Pod Security level.
    const kedaNamespace = new PlatformNamespace(this, "keda-namespace", { name: "keda", enforce: "restricted", defaultDeny: false });
    this.keda = new ChartRelease(this, "keda", {
      release: "keda",
      namespace: kedaNamespace.name,
      environmentValues: env("keda"),
      dependsOn: [...afterLbc, kedaNamespace.namespace],
    });
    this.identities = { "aws-load-balancer-controller": lbc, "external-secrets": eso, "cluster-autoscaler": ca };
  }
}
