import { architectureOf } from "../../../common/cluster";
import { checkClusterSettings, type ClusterSettings } from "../../../config/cluster";
import { formatProblems } from "../../../common/problems";
import { dev, platform, prod as prodEnvironment } from "../../../config/environments";
import { checkProject } from "../../../config/validate";
import { qaEnvironment, withEnvironment } from "../../config/fixtures";
import { checkKubernetesVersion, HELM_CHARTS, KUBERNETES_RELEASES } from "../../../common/versions-cluster";

const prod = prodEnvironment.cluster;
const problemsOf = (s: ClusterSettings) => formatProblems("cluster settings", checkClusterSettings("prod", s));
/** The problems of the shipped project plus a new environment `qa` whose cluster block is `cluster`. */
const withQa = (cluster: ClusterSettings | undefined) =>
  formatProblems("platform configuration", checkProject(withEnvironment(qaEnvironment({ cluster: cluster as ClusterSettings }))));

describe("shipped cluster settings", () => {
  it.each(platform.environments.map((e) => [e.name, e]))("%s is valid", (name, environment) => {
    expect(checkClusterSettings(name, environment.cluster)).toEqual([]);
  });

  it("keeps the public endpoint off in production and dev's on a documentation range, never open to the internet", () => {
    expect(dev.cluster.endpoint).toEqual({ mode: "privateAndPublic", publicCidrs: ["203.0.113.0/24"] });
    for (const environment of platform.environments.filter((e) => e.production)) {
      expect([environment.name, environment.cluster.endpoint]).toEqual([environment.name, { mode: "private" }]);
    }
    for (const { cluster } of platform.environments) {
      if (cluster.endpoint.mode === "privateAndPublic") expect(cluster.endpoint.publicCidrs).not.toContain("0.0.0.0/0");
    }
  });

  it("runs general on Spot only in production environments", () => {
    for (const environment of platform.environments) {
      const capacity = environment.cluster.nodeGroups.general.capacity;
      expect([environment.name, capacity]).toEqual([environment.name, environment.production ? "spot" : "onDemand"]);
    }
  });

  it("dates every pin", () => {
    for (const entry of [...Object.values(KUBERNETES_RELEASES), ...Object.values(HELM_CHARTS)]) {
      expect(entry.endOfStandardSupport).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(entry.notes.length).toBeGreaterThan(0);
    }
  });
});

describe("an environment's cluster block", () => {
  it("is required, and its absence names the field and the files that show its shape", () => {
    expect(withQa(undefined)).toContain(
      "qa.cluster: got nothing; expected the environment's cluster settings (kubernetesVersion, endpoint, adminRoleArns, nodeGroups, monitoring). Fix: add cluster; the environments in config/environments/ show its shape",
    );
  });

  it("is validated with the rest of the configuration, every problem at once", () => {
    const text = withQa({ ...prod, kubernetesVersion: "1.20", adminRoleArns: ["admins"] });
    expect(text).toMatch(/^Invalid platform configuration \(2 problems\):/);
    expect(text).toContain('qa.cluster.kubernetesVersion: got "1.20"');
    expect(text).toContain('qa.cluster.adminRoleArns[0]: got "admins"');
  });
});

describe("privateApiAccessCidrs", () => {
  it("fails for something that is not a CIDR, or one as wide as the internet", () => {
    expect(withQa({ ...prod, privateApiAccessCidrs: ["10.200.0.0/16", "vpn", "0.0.0.0/0"] })).toMatch(
      /qa\.cluster\.privateApiAccessCidrs\[1\]: got "vpn"; expected an IPv4 CIDR of a private network that reaches the VPC[\s\S]*qa\.cluster\.privateApiAccessCidrs\[2\]: got "0\.0\.0\.0\/0"/,
    );
  });
});

describe("cluster settings validation messages", () => {
  it("unsupported Kubernetes version", () => {
    expect(formatProblems("x", checkKubernetesVersion("prod.kubernetesVersion", "1.36"))).toContain(
      'prod.kubernetesVersion: got "1.36"; expected a Kubernetes minor from the kit\'s catalog (1.35). Fix: use 1.35, or add the minor with its support dates and add-on builds to KUBERNETES_RELEASES in common/versions-cluster.ts',
    );
  });

  it("admin role that is not a role ARN", () => {
    expect(problemsOf({ ...prod, adminRoleArns: ["arn:aws:iam::123456789012:user/alice"] })).toContain(
      'prod.adminRoleArns[0]: got "arn:aws:iam::123456789012:user/alice"; expected an IAM role ARN',
    );
  });

  it("no node groups", () => {
    expect(problemsOf({ ...prod, nodeGroups: {} })).toContain("prod.nodeGroups: got {}; expected at least one node group");
  });

  it("node group sizes, disk, capacity and instance types", () => {
    const general = prod.nodeGroups.general;
    const text = problemsOf({
      ...prod,
      nodeGroups: {
        general: { ...general, minSize: -1, desiredSize: 1.5, maxSize: 500, diskGiB: 8, capacity: "cheap" as "spot" },
        arm: { ...general, instanceTypes: ["m7g.large", "m6i.large", "M6I"] },
        Bad_Name: general,
      },
    });
    expect(text).toContain("prod.nodeGroups.general.minSize: got -1; expected a whole number of nodes, 0 or more");
    expect(text).toContain("prod.nodeGroups.general.desiredSize: got 1.5; expected a whole number of nodes, 0 or more");
    expect(text).toContain("prod.nodeGroups.general.maxSize: got 500; expected at least 1 and at most 450 (EKS nodes per managed node group)");
    expect(text).toContain("prod.nodeGroups.general.diskGiB: got 8; expected a whole number of GiB from 20 to 16384");
    expect(text).toContain('prod.nodeGroups.general.capacity: got "cheap"; expected "spot" or "onDemand"');
    expect(text).toContain('prod.nodeGroups.arm.instanceTypes[2]: got "M6I"; expected an EC2 instance type such as m6i.xlarge');
    expect(text).toContain("prod.nodeGroups.arm.instanceTypes: got");
    expect(text).toContain("expected instance types of one architecture (a node group runs one AMI)");
    expect(text).toContain('prod.nodeGroups.Bad_Name: got "Bad_Name"; expected a node group name of lower-case letters');
  });

  it("taints and labels", () => {
    const compute = prod.nodeGroups.compute;
    const text = problemsOf({
      ...prod,
      nodeGroups: { compute: { ...compute, labels: { "bad key!": "x" }, taints: [{ key: "workload", value: "compute", effect: "Never" as "NoSchedule" }] } },
    });
    expect(text).toContain('prod.nodeGroups.compute.labels.bad key!: got "bad key!"; expected a Kubernetes label key');
    expect(text).toContain('prod.nodeGroups.compute.taints[0].effect: got "Never"; expected one of NoSchedule, PreferNoSchedule, NoExecute');
  });

  it("monitoring sizes and alert routing", () => {
    const text = problemsOf({
      ...prod,
      monitoring: {
        ...prod.monitoring,
        prometheusRetentionDays: 0,
        lokiStorageGiB: 2.5,
        alertmanagerReplicas: 7,
        alerting: {
          receivers: { null: { kind: "pagerduty" }, chat: { kind: "slack", channel: "Not A Channel" } },
          defaultReceiver: "nobody",
          routes: [{ matchers: ["severity=critical"], receiver: "pager" }, { matchers: [], receiver: "chat" }],
        },
      },
    });
    expect(text).toContain("prod.monitoring.prometheusRetentionDays: got 0; expected a whole number from 1 to 3650");
    expect(text).toContain("prod.monitoring.lokiStorageGiB: got 2.5; expected a whole number from 1 to 16384");
    expect(text).toContain("prod.monitoring.alertmanagerReplicas: got 7; expected a whole number from 1 to 5");
    expect(text).toContain('prod.monitoring.alerting.receivers.null: got "null"; expected a receiver name');
    expect(text).toContain('prod.monitoring.alerting.receivers.chat.channel: got "Not A Channel"; expected a Slack channel name');
    expect(text).toContain('prod.monitoring.alerting.defaultReceiver: got "nobody"; expected one of the receivers (null, chat)');
    expect(text).toContain('prod.monitoring.alerting.routes[0].receiver: got "pager"');
    expect(text).toContain('prod.monitoring.alerting.routes[0].matchers[0]: got "severity=critical"; expected an Alertmanager matcher');
    expect(text).toContain("prod.monitoring.alerting.routes[1].matchers: got []; expected at least one matcher");
  });

  it("unknown chart release in per-environment Helm values", () => {
    expect(problemsOf({ ...prod, helmValues: { lokii: { singleBinary: {} } } })).toContain(
      'prod.helmValues.lokii: got "lokii"; expected a chart release the kit installs (aws-load-balancer-controller, external-secrets, cluster-autoscaler, metrics-server, kube-prometheus-stack, cloudwatch-exporter, loki, fluent-bit, keda, monitoring-secrets, workload-resources)',
    );
  });
});

describe("architectureOf", () => {
  it.each([
    ["m7g.large", "arm64"],
    ["c6gn.xlarge", "arm64"],
    ["t4g.small", "arm64"],
    ["m6i.xlarge", "x86_64"],
    ["g5.xlarge", "x86_64"],
  ])("%s is %s", (type, arch) => expect(architectureOf(type)).toBe(arch));
});
