import { join } from "node:path";
import { Release } from "@cdktf/provider-helm/lib/release";
import { TerraformAsset, AssetType, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { throwIfProblems } from "../../common/problems";
import {
  CHART_RELEASE_NAMES,
  HELM_CHARTS,
  LOCAL_CHARTS,
  isChartReleaseName,
  type ChartReleaseName,
} from "../../common/versions-cluster";
import { CHARTS_DIR, chartFile, mergeValues, readYamlFile, renderValues, type Values } from "./helm-values";

export interface ChartReleaseProps {
  /** Release name: a key of HELM_CHARTS or LOCAL_CHARTS; the chart, repository and version come from there. */
  readonly release: string;
  readonly namespace: string;
  /** Helm release name, unique in its namespace: one chart released several times needs one each. @default release */
  readonly releaseName?: string;
  /** Values computed in TypeScript (ARNs, names, sizes), merged over charts/<release>/values.yaml. @default {} */
  readonly values?: Values;
  /** The environment's overrides, merged last. @default {} */
  readonly environmentValues?: Values;
  /** Seconds Helm waits for the release's resources to become ready. @default 600 */
  readonly timeoutSeconds?: number;
  /** @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** Overrides by release name (e.g. an environment's), each merged last into that release's values. */
export type ValuesByRelease = Readonly<Record<string, Readonly<Values>>>;

const DEFAULTS = { values: {} as Values, environmentValues: {} as Values, timeoutSeconds: 600, dependsOn: [] };

/**
 * One Helm release at a pinned chart version with `atomic` and `wait`: an upgrade that does not become ready rolls
 * back instead of leaving a half-applied release. Values are the release's values file, the kit's computed values
 * and the environment's overrides, merged in that order and rendered as YAML.
 */
export class ChartRelease extends Construct {
  readonly release: Release;
  readonly name: ChartReleaseName;
  /** The merged values, as rendered into the release (useful for tests and reviews). */
  readonly values: Values;

  constructor(scope: Construct, id: string, props: ChartReleaseProps) {
    super(scope, id);
    const name = props.release;
    if (!isChartReleaseName(name)) {
      throwIfProblems(`ChartRelease props at ${this.node.path}`, [
        {
          field: "release",
          value: name,
          expected: `a chart release the kit pins (${CHART_RELEASE_NAMES.join(", ")})`,
          fix: "fix the name, or add the chart with its version to HELM_CHARTS in common/versions-cluster.ts",
        },
      ]);
      throw new Error("unreachable");
    }
    this.name = name;
    const file = chartFile(name, "values.yaml");
    const base = readYamlFile(name, "values.yaml");
    const computed = mergeValues(file, base, props.values ?? DEFAULTS.values);
    this.values = mergeValues(file, computed, props.environmentValues ?? DEFAULTS.environmentValues);

    const source = name in LOCAL_CHARTS ? this.localChart(name as keyof typeof LOCAL_CHARTS) : HELM_CHARTS[name as keyof typeof HELM_CHARTS];
    this.release = new Release(this, "release", {
      name: props.releaseName ?? name,
      namespace: props.namespace,
      chart: source.chart,
      repository: source.repository,
      version: source.version,
      atomic: true,
      wait: true,
      cleanupOnFail: true,
      timeout: props.timeoutSeconds ?? DEFAULTS.timeoutSeconds,
      maxHistory: 5,
      values: [renderValues(this.values)],
      dependsOn: [...(props.dependsOn ?? DEFAULTS.dependsOn)],
    });
  }

  /** Ships the chart folder with the synthesized stack, so Terraform needs only cdktf.out, not this repository. */
  private localChart(name: keyof typeof LOCAL_CHARTS): { chart: string; repository?: string; version: string } {
    const asset = new TerraformAsset(this, "chart", { path: join(CHARTS_DIR, name), type: AssetType.DIRECTORY });
    return { chart: `./${asset.path}`, version: LOCAL_CHARTS[name].version };
  }
}
