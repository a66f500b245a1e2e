import { ruleSuite } from "./harness";

const SECURE = {
  run_as_non_root: true,
  read_only_root_filesystem: true,
  allow_privilege_escalation: false,
  capabilities: { drop: ["ALL"] },
  seccomp_profile: { type: "RuntimeDefault" },
};
const PROBE = { http_get: { path: "/livez", port: "8080" } };
const CONTAINER = {
  name: "app",
  image: "repo/app:1.4.2",
  resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
  security_context: SECURE,
  liveness_probe: PROBE,
  readiness_probe: PROBE,
};
const LABELS = { "app.kubernetes.io/name": "app" };

function deployment(container: Record<string, unknown> = {}, pod: Record<string, unknown> = {}) {
  return {
    metadata: { name: "app", namespace: "apps" },
    spec: {
      selector: { match_labels: LABELS },
      template: { metadata: { labels: LABELS }, spec: { container: [{ ...CONTAINER, ...container }], ...pod } },
    },
  };
}
const PDB = { metadata: { name: "app", namespace: "apps" }, spec: { max_unavailable: "1", selector: { match_labels: LABELS } } };
const only = (d: Record<string, unknown>) => ({ kubernetes_deployment_v1: { app: d } });
const withPdb = (d: Record<string, unknown>, pdb: Record<string, unknown> = PDB) => ({ kubernetes_deployment_v1: { app: d }, kubernetes_pod_disruption_budget_v1: { app_pdb: pdb } });

ruleSuite("kubernetes", {
  "KIT-K8S-001": [
    { name: "restricted", expect: ["pass"], resources: only(deployment()) },
    { name: "non-root and seccomp at pod level", expect: ["pass"], resources: only(deployment({ security_context: { ...SECURE, run_as_non_root: undefined, seccomp_profile: undefined } }, { security_context: { run_as_non_root: true, seccomp_profile: { type: "RuntimeDefault" } } })) },
    { name: "no security context", expect: ["fail", "container app may run as root; container app has a writable root filesystem; container app allows privilege escalation; container app keeps Linux capabilities; container app has no seccomp profile"], resources: only(deployment({ security_context: undefined })) },
    { name: "capabilities kept", expect: ["fail", "container app keeps Linux capabilities"], resources: only(deployment({ security_context: { ...SECURE, capabilities: { drop: ["NET_RAW"] } } })) },
  ],
  "KIT-K8S-002": [
    { name: "requests and limits", expect: ["pass"], resources: only(deployment()) },
    { name: "no limits", expect: ["fail", "container app has no limits for cpu and memory"], resources: only(deployment({ resources: { requests: { cpu: "1", memory: "1Gi" } } })) },
    { name: "no resources", expect: ["fail", "container app has no requests for cpu and memory; container app has no limits for cpu and memory"], resources: only(deployment({ resources: undefined })) },
  ],
  "KIT-K8S-003": [
    { name: "both probes", expect: ["pass"], resources: only(deployment()) },
    { name: "no readiness probe", expect: ["fail", "container app has no readiness probe"], resources: only(deployment({ readiness_probe: undefined })) },
  ],
  "KIT-K8S-004": [
    { name: "a PDB selecting its pods", expect: ["pass"], resources: withPdb(deployment()) },
    { name: "no PDB", expect: ["fail", 'no PodDisruptionBudget in namespace apps selects {"app.kubernetes.io/name":"app"}'], resources: only(deployment()) },
    { name: "a PDB in another namespace", expect: ["fail", 'no PodDisruptionBudget in namespace apps selects {"app.kubernetes.io/name":"app"}'], resources: withPdb(deployment(), { ...PDB, metadata: { name: "app", namespace: "other" } }) },
  ],
  "KIT-K8S-005": [
    { name: "no host namespaces", expect: ["pass"], resources: only(deployment()) },
    { name: "host network and PID", expect: ["fail", "host_network is on; host_pid is on"], resources: only(deployment({}, { host_network: true, host_pid: true })) },
  ],
  "KIT-K8S-006": [
    { name: "a version tag", expect: ["pass"], resources: only(deployment()) },
    { name: "a digest", expect: ["pass"], resources: only(deployment({ image: `repo/app@sha256:${"a".repeat(64)}` })) },
    { name: "latest", expect: ["fail", "container app image repo/app:latest uses latest"], resources: only(deployment({ image: "repo/app:latest" })) },
    { name: "no tag", expect: ["fail", "container app image registry:5000/app has no tag (latest)"], resources: only(deployment({ image: "registry:5000/app" })) },
  ],
});
