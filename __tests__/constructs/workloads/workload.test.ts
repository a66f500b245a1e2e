import { parse } from "yaml";
import { ConfigError } from "../../../common/problems";
import { Workload, WORKLOAD_DEFAULTS, type WorkloadProps } from "../../../constructs/workloads";
import { imageReference, imageReferenceKind } from "../../../constructs/workloads/validate";
import { emptyStack, resourcesOf, synthJson, type SynthJson } from "../../helpers";

const DIGEST = `sha256:${"a".repeat(64)}`;
const BASE: WorkloadProps = {
  name: "worker",
  namespace: "apps",
  imageRepository: "123456789012.dkr.ecr.us-west-2.amazonaws.com/aec/worker",
  imageTag: "1.4.2",
  requestCpu: "250m",
  requestMemory: "256Mi",
  limitCpu: "1",
  limitMemory: "512Mi",
};

function build(props: Partial<WorkloadProps> = {}): { json: SynthJson; workload: Workload } {
  const { stack } = emptyStack();
  const workload = new Workload(stack, "worker", { ...BASE, ...props });
  return { json: synthJson(stack), workload };
}
const only = (json: SynthJson, type: string) => Object.values(resourcesOf(json, type))[0]!;
type Spec = { template: { spec: Record<string, unknown> & { container: Record<string, unknown>[] } }; replicas: string };
const deploymentSpec = (json: SynthJson) => only(json, "kubernetes_deployment_v1").spec as Spec;
const container = (json: SynthJson) => deploymentSpec(json).template.spec.container[0]!;
const released = (json: SynthJson) => parse((only(json, "helm_release").values as string[])[0]!).resources as Record<string, unknown>[];

function problemsOf(props: Partial<WorkloadProps>): { field: string; expected: string }[] {
  try {
    build(props);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => ({ field: p.field, expected: p.expected }));
    throw e;
  }
  return [];
}

describe("Workload defaults", () => {
  const { json } = build();

  it("runs two replicas of the image by tag, with requests and limits", () => {
    expect(deploymentSpec(json).replicas).toBe("2");
    expect(container(json)).toMatchObject({
      image: `${BASE.imageRepository}:1.4.2`,
      resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
    });
  });

  it("runs restricted: numeric non-root user, read-only root, no capabilities, no escalation, RuntimeDefault seccomp", () => {
    expect(deploymentSpec(json).template.spec.security_context).toMatchObject({
      run_as_non_root: true,
      run_as_user: String(WORKLOAD_DEFAULTS.runAsUser),
      seccomp_profile: { type: "RuntimeDefault" },
    });
    expect(container(json).security_context).toEqual({
      run_as_non_root: true,
      run_as_user: "10001",
      read_only_root_filesystem: true,
      allow_privilege_escalation: false,
      privileged: false,
      capabilities: { drop: ["ALL"] },
      seccomp_profile: { type: "RuntimeDefault" },
    });
    expect(deploymentSpec(json).template.spec.automount_service_account_token).toBe(false);
  });

  it("probes /livez and /readyz on 8080, exposes metrics on 9464, and writes only to a 64 MiB /tmp", () => {
    expect(container(json).liveness_probe).toMatchObject({ http_get: { path: "/livez", port: "health" } });
    expect(container(json).readiness_probe).toMatchObject({ http_get: { path: "/readyz", port: "health" } });
    expect(container(json).port).toEqual([
      { name: "health", container_port: 8080, protocol: "TCP" },
      { name: "metrics", container_port: 9464, protocol: "TCP" },
    ]);
    expect(deploymentSpec(json).template.spec.volume).toEqual([{ name: "tmp", empty_dir: { size_limit: "64Mi" } }]);
    expect(container(json).lifecycle).toBeUndefined();
  });

  it("spreads across zones, stops within 60 s, and keeps all but one pod through disruptions", () => {
    const spec = deploymentSpec(json).template.spec;
    expect(spec.termination_grace_period_seconds).toBe(60);
    expect(spec.topology_spread_constraint).toEqual([
      expect.objectContaining({ topology_key: "topology.kubernetes.io/zone", max_skew: 1, when_unsatisfiable: "ScheduleAnyway" }),
    ]);
    expect(spec.node_selector).toBeUndefined();
    expect(only(json, "kubernetes_pod_disruption_budget_v1").spec).toMatchObject({ max_unavailable: "1" });
  });

  it("admits only Prometheus on the metrics port and lets out only DNS and the Pod Identity agent", () => {
    const spec = only(json, "kubernetes_network_policy_v1").spec as { ingress: unknown[]; egress: { to: unknown[]; ports: unknown[] }[] };
    expect(spec.ingress).toEqual([
      expect.objectContaining({ ports: [{ protocol: "TCP", port: "9464" }] }),
    ]);
    expect(JSON.stringify(spec.ingress)).toContain('"app.kubernetes.io/name":"prometheus"');
    expect(spec.egress).toHaveLength(2);
    expect(JSON.stringify(spec.egress)).toContain("169.254.170.23/32");
  });

  it("has its own service account, a PodMonitor, no secrets and no autoscaler", () => {
    expect(only(json, "kubernetes_service_account_v1")).toMatchObject({ metadata: { name: "worker" }, automount_service_account_token: false });
    expect(released(json).map((r) => r.kind)).toEqual(["PodMonitor"]);
    expect(resourcesOf(json, "kubernetes_horizontal_pod_autoscaler_v2")).toEqual({});
  });
});

describe("Workload branches", () => {
  it("pins a digest with @", () => {
    expect(container(build({ imageTag: DIGEST }).json).image).toBe(`${BASE.imageRepository}@${DIGEST}`);
    expect(imageReference("r", "v2.0.0-rc.1")).toBe("r:v2.0.0-rc.1");
    expect(imageReferenceKind("latest")).toBeUndefined();
  });

  it("places on a tainted node group with its toleration and label", () => {
    const { json } = build({
      nodeGroups: { compute: { instanceTypes: ["c6i.2xlarge"], capacity: "onDemand", minSize: 0, desiredSize: 0, maxSize: 2, diskGiB: 100, taints: [{ key: "workload", value: "compute", effect: "NoSchedule" }] } },
      nodeGroup: "compute",
    });
    const spec = deploymentSpec(json).template.spec;
    expect(spec.node_selector).toEqual({ nodegroup: "compute" });
    expect(spec.toleration).toEqual([{ key: "workload", operator: "Equal", value: "compute", effect: "NoSchedule" }]);
  });

  it("reads secrets through External Secrets and secretKeyRef, never as values", () => {
    const { json } = build({
      environment: { LOG_LEVEL: "info" },
      secrets: { broker: { remoteKey: "aec/dev/broker/aec-worker", properties: ["username", "password"] } },
      secretEnvironment: { AMQP_PASSWORD: { secret: "broker", key: "password" } },
    });
    expect(container(json).env).toEqual([
      { name: "LOG_LEVEL", value: "info" },
      { name: "AMQP_PASSWORD", value_from: { secret_key_ref: { name: "worker-broker", key: "password" } } },
    ]);
    const kinds = released(json).map((r) => r.kind);
    expect(kinds).toEqual(["SecretStore", "ExternalSecret", "PodMonitor"]);
    expect(released(json)[1]).toMatchObject({ spec: { secretStoreRef: { kind: "SecretStore", name: "worker-secrets-manager" }, target: { name: "worker-broker" } } });
  });

  it("scales on CPU with an HPA and leaves the replica count to it", () => {
    const { json } = build({ scaling: { kind: "cpu", minReplicas: 2, maxReplicas: 6, targetCpuPercent: 70 } });
    expect(only(json, "kubernetes_horizontal_pod_autoscaler_v2").spec).toMatchObject({ min_replicas: 2, max_replicas: 6 });
    expect(only(json, "kubernetes_deployment_v1").lifecycle).toEqual({ ignore_changes: ["spec[0].replicas"] });
  });

  it("scales on RabbitMQ queue depth with KEDA over AMQP, from the broker user's secret", () => {
    const { json } = build({
      secrets: { broker: { remoteKey: "aec/dev/broker/aec-worker", properties: ["username", "password"] } },
      scaling: { kind: "rabbitmq", minReplicas: 1, maxReplicas: 4, queue: "files.processing", knownQueues: ["files.processing"], messagesPerReplica: 20, credentialsSecret: "broker", host: "b-1.mq.example", port: 5671, vhost: "/" },
    });
    const objects = released(json);
    expect(objects.map((r) => r.kind)).toEqual(["SecretStore", "ExternalSecret", "ExternalSecret", "TriggerAuthentication", "ScaledObject", "PodMonitor"]);
    expect(JSON.stringify(objects[2])).toContain("amqps://{{ .username | urlquery }}:{{ .password | urlquery }}@b-1.mq.example:5671/%2F");
    expect(objects[4]).toMatchObject({
      spec: { minReplicaCount: 1, maxReplicaCount: 4, triggers: [{ type: "rabbitmq", metadata: { protocol: "amqp", mode: "QueueLength", value: "20", queueName: "files.processing" } }] },
    });
    expect(deploymentSpec(json).replicas).toBe("1");
  });

  it("adds a preStop sleep and declared egress when asked", () => {
    const { json } = build({ preStopSleepSeconds: 5, egress: [{ cidr: "10.0.0.0/16", ports: [5432] }] });
    expect(container(json).lifecycle).toEqual({ pre_stop: [{ exec: { command: ["/bin/sh", "-c", "sleep 5"] } }] });
    const egress = (only(json, "kubernetes_network_policy_v1").spec as { egress: unknown[] }).egress;
    expect(egress[2]).toEqual({ to: [{ ip_block: { cidr: "10.0.0.0/16" } }], ports: [{ protocol: "TCP", port: "5432" }] });
  });
});

describe("Workload validation", () => {
  const rabbit = { kind: "rabbitmq" as const, minReplicas: 1, maxReplicas: 4, queue: "files.processing", knownQueues: ["files.processing"], messagesPerReplica: 20, credentialsSecret: "broker", host: "h", port: 5671, vhost: "/" };
  it.each([
    ["a latest tag", { imageTag: "latest" }, "imageTag", /immutable reference/],
    ["an empty tag", { imageTag: "" }, "imageTag", /immutable reference/],
    ["a branch tag", { imageTag: "main" }, "imageTag", /immutable reference/],
    ["a repository with a tag", { imageRepository: "r.example/a/b:1" }, "imageRepository", /without tag or digest/],
    ["no limits", { limitCpu: undefined as unknown as string }, "limitCpu", /every workload sets requests and limits/],
    ["requests above limits", { requestMemory: "1Gi" }, "requestMemory", /at most limitMemory \(512Mi\)/],
    ["decimal memory units", { limitMemory: "512M" }, "limitMemory", /binary units/],
    ["an unknown queue", { secrets: { broker: { remoteKey: "k", properties: ["username", "password"] } }, scaling: { ...rabbit, queue: "files.other" } }, "scaling.queue", /a queue the broker topology declares \(files.processing\)/],
    ["a scaler without credentials", { scaling: rabbit }, "scaling.credentialsSecret", /username and password/],
    ["an unknown node group", { nodeGroup: "gpu" }, "nodeGroup", /a node group of the cluster/],
    ["zero replicas", { scaling: { kind: "fixed", replicas: 0 } }, "scaling.replicas", /at least 1/],
    ["max below min", { scaling: { kind: "cpu", minReplicas: 3, maxReplicas: 2, targetCpuPercent: 70 } }, "scaling.maxReplicas", /at least minReplicas/],
    ["a CPU target out of range", { scaling: { kind: "cpu", minReplicas: 1, maxReplicas: 2, targetCpuPercent: 100 } }, "scaling.targetCpuPercent", /10 to 95/],
    ["a privileged port", { healthPort: 80 }, "healthPort", /1024 to 65535/],
    ["one port for health and metrics", { metricsPort: 8080 }, "metricsPort", /other than healthPort/],
    ["a bad name", { name: "Worker_1" }, "name", /DNS-1123/],
    ["a secret env of an undeclared secret", { secretEnvironment: { X: { secret: "nope", key: "k" } } }, "secretEnvironment.X", /declared under secrets/],
    ["a name in both env maps", { environment: { X: "1" }, secrets: { s: { remoteKey: "k", properties: ["p"] } }, secretEnvironment: { X: { secret: "s", key: "p" } } }, "secretEnvironment.X", /not also in environment/],
    ["an egress without ports", { egress: [{ cidr: "10.0.0.0/16", ports: [] }] }, "egress[0].ports", /opens every port/],
    ["a preStop as long as the grace period", { preStopSleepSeconds: 60 }, "preStopSleepSeconds", /below terminationGracePeriodSeconds/],
    ["root", { runAsUser: 0 }, "runAsUser", /above 0/],
  ] as const)("fails for %s", (_name, props, field, expected) => {
    expect(problemsOf(props as Partial<WorkloadProps>)).toEqual(expect.arrayContaining([{ field, expected: expect.stringMatching(expected) }]));
  });

  it("reports every problem at once, in the kit's error shape", () => {
    expect(() => build({ imageTag: "latest", limitCpu: undefined as unknown as string })).toThrow(
      /Invalid Workload props at test\/worker \(2 problems\):\n  1\. imageTag: got "latest"; expected an immutable reference.*Fix: .*\n  2\. limitCpu: got nothing/,
    );
  });
});
