import { ruleSuite } from "./harness";

const release = (config: Record<string, unknown>) => ({ helm_release: { rel: { name: "metrics-server", chart: "metrics-server", ...config } } });
const REPO = "https://kubernetes-sigs.github.io/metrics-server";

ruleSuite("helm", {
  "KIT-HELM-001": [
    { name: "an exact version", expect: ["pass"], resources: release({ repository: REPO, version: "3.12.2" }) },
    { name: "a v-prefixed prerelease", expect: ["pass"], resources: release({ repository: REPO, version: "v0.15.1-rc.1" }) },
    { name: "a caret range", expect: ["fail", 'version "^3.12" is a range, not an exact version'], resources: release({ repository: REPO, version: "^3.12" }) },
    { name: "an x range", expect: ["fail", 'version "3.x" is a range, not an exact version'], resources: release({ repository: REPO, version: "3.x" }) },
    { name: "an exact version with a suffix after a space", expect: ["fail", 'version "3.12.2 " is a range, not an exact version'], resources: release({ repository: REPO, version: "3.12.2 " }) },
    { name: "unset", expect: ["fail", "version is unset, so every apply may install a newer chart"], resources: release({ repository: REPO }) },
    { name: "from an expression", expect: ["pass", "version comes from an expression (${var.v}); not checked"], resources: release({ repository: REPO, version: "${var.v}" }) },
    { name: "a local chart folder", expect: ["pass", "local chart; its version is the one in its Chart.yaml"], resources: release({ chart: "./charts/app" }) },
    { name: "a parent-relative chart folder", expect: ["pass", "local chart; its version is the one in its Chart.yaml"], resources: release({ chart: "../charts/app" }) },
    { name: "a local chart with a version is judged by it", expect: ["pass"], resources: release({ chart: "./charts/app", version: "1.2.3" }) },
    { name: "an absolute chart folder", expect: ["pass", "local chart; its version is the one in its Chart.yaml"], resources: release({ chart: "/srv/charts/app" }) },
    { name: "a chart name without a repository", expect: ["fail", "version is unset, so every apply may install a newer chart"], resources: release({ chart: "charts/app" }) },
    { name: "a local-looking chart from a repository", expect: ["fail", "version is unset, so every apply may install a newer chart"], resources: release({ repository: REPO, chart: "./app" }) },
  ],
  "KIT-HELM-002": [
    { name: "https", expect: ["pass"], resources: release({ repository: REPO }) },
    { name: "oci", expect: ["pass"], resources: release({ repository: "oci://public.ecr.aws/charts" }) },
    { name: "no repository", expect: ["pass"], resources: release({ chart: "./charts/app" }) },
    { name: "plain http", expect: ["fail", "repository http://charts.example.com is plain HTTP"], resources: release({ repository: "http://charts.example.com" }) },
  ],
  "KIT-HELM-003": [
    { name: "atomic, waiting by default", expect: ["pass"], resources: release({ atomic: true }) },
    { name: "atomic and waiting", expect: ["pass"], resources: release({ atomic: true, wait: true }) },
    { name: "not atomic", expect: ["fail", "atomic is not true"], resources: release({}) },
    { name: "atomic without waiting", expect: ["fail", "wait is false"], resources: release({ atomic: true, wait: false }) },
  ],
});
