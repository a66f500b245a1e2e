import type { Problem } from "./problems";
import type { CatalogEntry } from "./versions";

// Version catalog for the Kubernetes layer: the Kubernetes minor, the EKS managed add-ons pinned for it, and the
// Helm charts the cluster-addons stack installs. Pure data, no cdktf. Entries have the shape of common/versions.ts
// (`endOfStandardSupport`, `notes`), so that the two catalogs can become one.
//
// Before bumping anything: `aws eks describe-addon-versions --kubernetes-version <v> --addon-name <name>` lists the
// add-on builds EKS validates for a Kubernetes minor; `helm search repo <repo>/<chart> --versions` lists chart
// versions. Read each chart's upgrade notes: a chart major usually renames values.

/** EKS managed add-ons the cluster installs, in the order they are created. */
export const EKS_ADDON_NAMES = ["eks-pod-identity-agent", "vpc-cni", "kube-proxy", "coredns", "aws-ebs-csi-driver"] as const;
export type EksAddonName = (typeof EKS_ADDON_NAMES)[number];

export interface KubernetesRelease extends CatalogEntry {
  /** Released on EKS (YYYY-MM-DD). */
  readonly releasedOnEks: string;
  /** End of EKS extended support (YYYY-MM-DD); after it EKS upgrades the control plane itself. */
  readonly endOfExtendedSupport: string;
  /** EKS add-on builds validated for this minor (`addon_version`). */
  readonly addons: Readonly<Record<EksAddonName, string>>;
}

/**
 * Kubernetes minors the kit can build a cluster with. A minor is listed only with the add-on builds pinned for it,
 * so a version without an entry here fails at synth instead of meeting unvalidated add-ons at apply.
 * Dates: the EKS Kubernetes release calendar (standard support 14 months from EKS release, extended 12 more).
 */
export const KUBERNETES_RELEASES: Readonly<Record<string, KubernetesRelease>> = {
  "1.35": {
    releasedOnEks: "2026-01-27",
    endOfStandardSupport: "2027-03-27",
    endOfExtendedSupport: "2028-03-27",
    notes: "Newest minor on EKS; 1.34 leaves standard support on 2026-12-02, so new clusters start on 1.35.",
    addons: {
      "eks-pod-identity-agent": "v1.3.10-eksbuild.3",
      "vpc-cni": "v1.21.1-eksbuild.3",
      "kube-proxy": "v1.35.0-eksbuild.2",
      coredns: "v1.13.2-eksbuild.1",
      "aws-ebs-csi-driver": "v1.57.1-eksbuild.1",
    },
  },
};

export const DEFAULT_KUBERNETES_VERSION = "1.35";

export interface PinnedChart extends CatalogEntry {
  /** Chart name in its repository. */
  readonly chart: string;
  /** Chart repository URL (written into the Terraform JSON only; nothing is fetched at synth). */
  readonly repository: string;
  readonly version: string;
}

// Projects that support only their latest releases publish no end-of-life date; for those the kit commits to
// re-pinning within six months of the pin, and says so.
const REVIEW_CADENCE = "no upstream end-of-life date; the kit re-pins within six months (pinned 2026-11)";

/** Helm charts from public repositories, keyed by release name. */
export const HELM_CHARTS = {
  "aws-load-balancer-controller": {
    chart: "aws-load-balancer-controller",
    repository: "https://aws.github.io/eks-charts",
    version: "3.4.2",
    endOfStandardSupport: "2027-05-31",
    notes: REVIEW_CADENCE,
  },
  "external-secrets": {
    chart: "external-secrets",
    repository: "https://charts.external-secrets.io",
    version: "2.10.0",
    endOfStandardSupport: "2027-05-31",
    notes: "External Secrets supports its latest minors only (stability-support table); " + REVIEW_CADENCE,
  },
  "cluster-autoscaler": {
    chart: "cluster-autoscaler",
    repository: "https://kubernetes.github.io/autoscaler",
    // Chart 9.59.0 runs Cluster Autoscaler 1.35.0: its minor must match the cluster's Kubernetes minor.
    version: "9.59.0",
    endOfStandardSupport: "2027-03-27",
    notes: "Cluster Autoscaler 1.35 is supported with Kubernetes 1.35: EKS 1.35 standard support",
  },
  "metrics-server": {
    chart: "metrics-server",
    repository: "https://kubernetes-sigs.github.io/metrics-server/",
    version: "3.14.0",
    endOfStandardSupport: "2027-05-31",
    notes: REVIEW_CADENCE,
  },
  "kube-prometheus-stack": {
    chart: "kube-prometheus-stack",
    repository: "https://prometheus-community.github.io/helm-charts",
    version: "88.6.5",
    endOfStandardSupport: "2027-05-31",
    notes: REVIEW_CADENCE,
  },
  "cloudwatch-exporter": {
    chart: "prometheus-cloudwatch-exporter",
    repository: "https://prometheus-community.github.io/helm-charts",
    version: "0.28.2",
    endOfStandardSupport: "2027-05-31",
    notes: REVIEW_CADENCE,
  },
  loki: {
    chart: "loki",
    repository: "https://grafana.github.io/helm-charts",
    // The last 6.x chart: 7.0 is a major with renamed values; move to it deliberately, not by a version bump.
    version: "6.55.0",
    endOfStandardSupport: "2027-05-31",
    notes: REVIEW_CADENCE,
  },
  "fluent-bit": {
    chart: "fluent-bit",
    repository: "https://fluent.github.io/helm-charts",
    version: "0.57.5",
    endOfStandardSupport: "2027-05-31",
    notes: REVIEW_CADENCE,
  },
  keda: {
    chart: "keda",
    repository: "https://kedacore.github.io/charts",
    // Chart and KEDA share a version. KEDA supports its two latest minors (N and N-1) with patches.
    version: "2.20.1",
    endOfStandardSupport: "2027-05-31",
    notes: "KEDA supports its two latest minors only; " + REVIEW_CADENCE,
  },
} as const satisfies Record<string, PinnedChart>;

/**
 * Loki's image, pinned apart from the chart's appVersion because its S3 client decides whether EKS Pod Identity
 * works. Loki 3.0-3.5 build the S3 client with aws-sdk-go v1 (`session.NewSession`, default credential chain;
 * v1.55.6 in 3.5's go.mod, Pod Identity since v1.47.11) and 3.6 moved it to aws-sdk-go-v2 (grafana/loki#19205),
 * whose default chain also reads the Pod Identity agent. A 3.6 patch release, the line chart 6.55 ships; see
 * docs/aws-constraints.md (Loki and Pod Identity) before changing it.
 */
export const LOKI_IMAGE_TAG = "3.6.10";

/** Charts that live in this repository under charts/<name>/ (version from their Chart.yaml). */
export const LOCAL_CHARTS = {
  "monitoring-secrets": { version: "0.1.0" },
  "workload-resources": { version: "0.1.0" },
} as const satisfies Record<string, { readonly version: string }>;

export type RemoteChartName = keyof typeof HELM_CHARTS;
export type LocalChartName = keyof typeof LOCAL_CHARTS;
export type ChartReleaseName = RemoteChartName | LocalChartName;

export const CHART_RELEASE_NAMES: readonly ChartReleaseName[] = [
  ...(Object.keys(HELM_CHARTS) as RemoteChartName[]),
  ...(Object.keys(LOCAL_CHARTS) as LocalChartName[]),
];

export function isChartReleaseName(name: string): name is ChartReleaseName {
  return (CHART_RELEASE_NAMES as readonly string[]).includes(name);
}

/** One problem when `version` is not a Kubernetes minor the catalog pins add-ons for, none otherwise. */
export function checkKubernetesVersion(field: string, version: unknown): Problem[] {
  if (typeof version === "string" && version in KUBERNETES_RELEASES) return [];
  const known = Object.keys(KUBERNETES_RELEASES).join(", ");
  return [
    {
      field,
      value: version,
      expected: `a Kubernetes minor from the kit's catalog (${known})`,
      fix: `use ${DEFAULT_KUBERNETES_VERSION}, or add the minor with its support dates and add-on builds to KUBERNETES_RELEASES in common/versions-cluster.ts`,
    },
  ];
}
