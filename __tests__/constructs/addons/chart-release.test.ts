import { Release } from "@cdktf/provider-helm/lib/release";
import { Testing } from "cdktf";
import { parse } from "yaml";
import { HELM_CHARTS } from "../../../common/versions-cluster";
import { ChartRelease } from "../../../constructs/addons/chart-release";
import { readYamlFile } from "../../../constructs/addons/helm-values";
import { emptyStack, resourcesOf, synthJson } from "../../helpers";

describe("ChartRelease", () => {
  const { stack } = emptyStack();
  const release = new ChartRelease(stack, "metrics-server", {
    release: "metrics-server",
    namespace: "kube-system",
    values: { replicas: 3 },
    environmentValues: { args: ["--kubelet-insecure-tls"] },
  });
  new ChartRelease(stack, "monitoring-secrets", { release: "monitoring-secrets", namespace: "monitoring" });
  const synth = Testing.synth(stack);
  const json = synthJson(stack);

  it("pins the catalog's chart, repository and version, atomic and waiting", () => {
    expect(synth).toHaveResourceWithProperties(Release, {
      name: "metrics-server",
      namespace: "kube-system",
      chart: "metrics-server",
      repository: HELM_CHARTS["metrics-server"].repository,
      version: HELM_CHARTS["metrics-server"].version,
      atomic: true,
      wait: true,
      cleanup_on_fail: true,
      timeout: 600,
      max_history: 5,
    });
  });

  it("renders the values file, the computed values and the environment's overrides, in that order", () => {
    const rendered = Object.values(resourcesOf(json, "helm_release")).find((r) => r.name === "metrics-server")!;
    const values = parse((rendered.values as string[])[0]);
    expect(values).toEqual({ ...readYamlFile("metrics-server", "values.yaml"), replicas: 3, args: ["--kubelet-insecure-tls"] });
    expect(release.values).toEqual(values);
  });

  it("ships a local chart with the stack and pins its Chart.yaml version", () => {
    const local = Object.values(resourcesOf(json, "helm_release")).find((r) => r.name === "monitoring-secrets")!;
    expect(local.chart).toMatch(/^\.\/assets\/monitoring-secrets_chart_[0-9A-F]+\/[0-9A-F]+$/);
    expect(local.version).toBe("0.1.0");
    expect(local.repository).toBeUndefined();
  });

  it("fails on a release name the catalog does not know", () => {
    expect(() => new ChartRelease(emptyStack().stack, "x", { release: "karpenter", namespace: "kube-system" })).toThrow(
      'release: got "karpenter"; expected a chart release the kit pins (aws-load-balancer-controller, external-secrets, cluster-autoscaler',
    );
  });

  it("fails on an override of a key the values file does not declare", () => {
    expect(
      () => new ChartRelease(emptyStack().stack, "x", { release: "loki", namespace: "monitoring", environmentValues: { lokii: {} } }),
    ).toThrow('charts/loki/values.yaml: lokii: got "lokii"; expected a top-level key the values file declares');
  });
});
