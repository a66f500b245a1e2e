// Per-environment settings of the Kubernetes layer (cluster, node groups, monitoring, alert routing) and their
// validation. Pure data and functions: no cdktf. Keyed by environment name, next to config/environments.ts.
// Node groups, endpoint access and alert routing are the constructs' shapes, shared through common/.

import { NULL_RECEIVER, type AlertRouting } from "../common/alerting";
import { parseCidr } from "../common/cidr";
import { checkEndpoint, checkNodeGroup, type EndpointAccess, type NodeGroupSettings, type NodeTaint } from "../common/cluster";
import { throwIfProblems, type Problem } from "../common/problems";
import { checkKubernetesVersion, DEFAULT_KUBERNETES_VERSION, isChartReleaseName, CHART_RELEASE_NAMES } from "../common/versions-cluster";

export interface MonitoringSettings {
  readonly prometheusRetentionDays: number;
  readonly prometheusStorageGiB: number;
  readonly alertmanagerStorageGiB: number;
  readonly grafanaStorageGiB: number;
  readonly lokiRetentionDays: number;
  readonly lokiStorageGiB: number;
  readonly alerting: AlertRouting;
}

export interface ClusterSettings {
  /** A Kubernetes minor from common/versions-cluster.ts. */
  readonly kubernetesVersion: string;
  readonly endpoint: EndpointAccess;
  /**
   * Networks besides the VPC that may reach the private API endpoint on 443: a VPN, or a peered network where CI
   * runs `<env>-cluster-addons` (with a private endpoint nothing outside the VPC reaches it otherwise).
   * @default [] (the VPC only)
   */
  readonly privateApiAccessCidrs?: readonly string[];
  /** IAM roles given cluster-admin through access entries (the deploying principal already is, by bootstrap). */
  readonly adminRoleArns: readonly string[];
  /** Managed node groups by name. */
  readonly nodeGroups: Readonly<Record<string, NodeGroupSettings>>;
  readonly monitoring: MonitoringSettings;
  /** Per-environment Helm values by release name, merged over charts/<release>/values.yaml. @default {} */
  readonly helmValues?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const COMPUTE_TAINT: NodeTaint = { key: "workload", value: "compute", effect: "NoSchedule" };

const dev: ClusterSettings = {
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
  // Lets engineers deploy the add-ons stack from outside the VPC. 203.0.113.0/24 is a documentation range:
  // replace it with your office or VPN egress before the first deploy.
  endpoint: { mode: "privateAndPublic", publicCidrs: ["203.0.113.0/24"] },
  adminRoleArns: [],
  nodeGroups: {
    general: { instanceTypes: ["m6i.large", "m5.large"], capacity: "onDemand", minSize: 1, desiredSize: 2, maxSize: 4, diskGiB: 50 },
    compute: {
      instanceTypes: ["c6i.2xlarge", "c5.2xlarge"],
      capacity: "onDemand",
      minSize: 0,
      desiredSize: 0,
      maxSize: 2,
      diskGiB: 100,
      labels: { workload: "compute" },
      taints: [COMPUTE_TAINT],
    },
  },
  monitoring: {
    prometheusRetentionDays: 7,
    prometheusStorageGiB: 20,
    alertmanagerStorageGiB: 1,
    grafanaStorageGiB: 5,
    lokiRetentionDays: 7,
    lokiStorageGiB: 20,
    alerting: { receivers: {}, defaultReceiver: NULL_RECEIVER, routes: [] },
  },
};

const staging: ClusterSettings = {
  ...dev,
  endpoint: { mode: "private" },
  nodeGroups: {
    general: { ...dev.nodeGroups.general, instanceTypes: ["m6i.xlarge", "m5.xlarge"], maxSize: 10 },
    compute: { ...dev.nodeGroups.compute, maxSize: 8 },
  },
  monitoring: {
    prometheusRetentionDays: 15,
    prometheusStorageGiB: 50,
    alertmanagerStorageGiB: 2,
    grafanaStorageGiB: 10,
    lokiRetentionDays: 14,
    lokiStorageGiB: 50,
    alerting: {
      receivers: { "platform-chat": { kind: "slack", channel: "#aec-platform-staging" } },
      defaultReceiver: "platform-chat",
      routes: [],
    },
  },
};

const prod: ClusterSettings = {
  ...staging,
  nodeGroups: {
    // Spot across four same-shape types (4 vCPU, 16 GiB) so the autoscaler's sizing holds for every node.
    general: {
      ...staging.nodeGroups.general,
      instanceTypes: ["m6i.xlarge", "m5.xlarge", "m6a.xlarge", "m5a.xlarge"],
      capacity: "spot",
      desiredSize: 3,
    },
    compute: { ...staging.nodeGroups.compute, instanceTypes: ["c6i.4xlarge", "c5.4xlarge"] },
  },
  monitoring: {
    prometheusRetentionDays: 30,
    prometheusStorageGiB: 200,
    alertmanagerStorageGiB: 5,
    grafanaStorageGiB: 10,
    lokiRetentionDays: 30,
    lokiStorageGiB: 200,
    alerting: {
      receivers: {
        "platform-oncall": { kind: "pagerduty" },
        "platform-chat": { kind: "slack", channel: "#aec-platform-alerts" },
      },
      defaultReceiver: "platform-chat",
      routes: [{ matchers: ['severity="critical"'], receiver: "platform-oncall" }],
    },
  },
};

/** Cluster settings by environment name; an environment without an entry has no cluster settings to build from. */
export const CLUSTER_SETTINGS: Readonly<Record<string, ClusterSettings>> = {
  dev,
  staging,
  prod,
  // The DR cluster mirrors prod so that failing over changes the region, not the capacity or the paging.
  "prod-dr": prod,
};

/** The validated settings of one environment; fails with every problem found. */
export function clusterSettingsFor(
  environment: string,
  settings: Readonly<Record<string, ClusterSettings>> = CLUSTER_SETTINGS,
): ClusterSettings {
  const found = settings[environment];
  if (!found) {
    throwIfProblems(`cluster settings`, [
      {
        field: `CLUSTER_SETTINGS.${environment}`,
        value: undefined,
        expected: `cluster settings for every environment with a cluster (known: ${Object.keys(settings).join(", ")})`,
        fix: `add a "${environment}" entry to CLUSTER_SETTINGS in config/cluster.ts`,
      },
    ]);
  }
  throwIfProblems(`cluster settings for ${environment}`, checkClusterSettings(environment, found));
  return found;
}

export function checkClusterSettings(path: string, s: ClusterSettings): Problem[] {
  const problems = [...checkKubernetesVersion(`${path}.kubernetesVersion`, s.kubernetesVersion)];
  problems.push(...checkEndpoint(`${path}.endpoint`, s.endpoint));
  (s.privateApiAccessCidrs ?? []).forEach((cidr, i) => {
    const parsed = parseCidr(cidr);
    if (parsed && parsed.prefix >= 8) return;
    problems.push({
      field: `${path}.privateApiAccessCidrs[${i}]`,
      value: cidr,
      expected: "an IPv4 CIDR of a private network that reaches the VPC (a /8 or narrower)",
      fix: "list your VPN or CI runner network, e.g. 10.200.0.0/16",
    });
  });
  s.adminRoleArns.forEach((arn, i) => {
    if (!ROLE_ARN.test(arn)) {
      problems.push({
        field: `${path}.adminRoleArns[${i}]`,
        value: arn,
        expected: "an IAM role ARN, e.g. arn:aws:iam::123456789012:role/platform-admins",
        fix: "copy the role's ARN from IAM (for SSO, the AWSReservedSSO_... role, without the session part)",
      });
    }
  });
  if (Object.keys(s.nodeGroups).length === 0) {
    problems.push({
      field: `${path}.nodeGroups`,
      value: {},
      expected: "at least one node group",
      fix: "add a `general` node group",
    });
  }
  for (const [name, group] of Object.entries(s.nodeGroups)) {
    problems.push(...checkNodeGroup(`${path}.nodeGroups.${name}`, name, group));
  }
  problems.push(...checkMonitoring(`${path}.monitoring`, s.monitoring));
  for (const release of Object.keys(s.helmValues ?? {})) {
    if (!isChartReleaseName(release)) {
      problems.push({
        field: `${path}.helmValues.${release}`,
        value: release,
        expected: `a chart release the kit installs (${CHART_RELEASE_NAMES.join(", ")})`,
        fix: "fix the release name, or add the chart to HELM_CHARTS in common/versions-cluster.ts",
      });
    }
  }
  return problems;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const RECEIVER_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const MATCHER = /^[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"[^"]*"$/;

export function checkMonitoring(path: string, m: MonitoringSettings): Problem[] {
  const problems: Problem[] = [];
  const counts: [keyof MonitoringSettings, number, number][] = [
    ["prometheusRetentionDays", 1, 3650],
    ["lokiRetentionDays", 1, 3650],
    ["prometheusStorageGiB", 1, 16384],
    ["alertmanagerStorageGiB", 1, 16384],
    ["grafanaStorageGiB", 1, 16384],
    ["lokiStorageGiB", 1, 16384],
  ];
  for (const [field, min, max] of counts) {
    const value = m[field];
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      problems.push({ field: `${path}.${field}`, value, expected: `a whole number from ${min} to ${max}`, fix: "use e.g. 30" });
    }
  }
  const a = m.alerting;
  const known = [NULL_RECEIVER, ...Object.keys(a.receivers).filter((r) => r !== NULL_RECEIVER)];
  for (const [name, receiver] of Object.entries(a.receivers)) {
    if (!RECEIVER_NAME.test(name) || name === NULL_RECEIVER) {
      problems.push({
        field: `${path}.alerting.receivers.${name}`,
        value: name,
        expected: 'a receiver name of lower-case letters, digits and dashes, other than "null"',
        fix: 'rename it, e.g. "platform-oncall"',
      });
    }
    if (receiver.kind === "slack" && !/^[#@]?[a-z0-9._-]{1,80}$/.test(receiver.channel)) {
      problems.push({
        field: `${path}.alerting.receivers.${name}.channel`,
        value: receiver.channel,
        expected: "a Slack channel name such as #platform-alerts",
        fix: "use the channel's name, lower-case",
      });
    }
  }
  const unknownReceiver = (field: string, receiver: string) => ({
    field,
    value: receiver,
    expected: `one of the receivers (${known.join(", ")})`,
    fix: "add the receiver to alerting.receivers, or route to an existing one",
  });
  if (!known.includes(a.defaultReceiver)) problems.push(unknownReceiver(`${path}.alerting.defaultReceiver`, a.defaultReceiver));
  a.routes.forEach((route, i) => {
    if (!known.includes(route.receiver)) problems.push(unknownReceiver(`${path}.alerting.routes[${i}].receiver`, route.receiver));
    if (route.matchers.length === 0) {
      problems.push({
        field: `${path}.alerting.routes[${i}].matchers`,
        value: [],
        expected: "at least one matcher (a route without one catches everything)",
        fix: "set defaultReceiver for a catch-all instead",
      });
    }
    route.matchers.forEach((matcher, j) => {
      if (!MATCHER.test(matcher)) {
        problems.push({
          field: `${path}.alerting.routes[${i}].matchers[${j}]`,
          value: matcher,
          expected: 'an Alertmanager matcher: label, operator (=, !=, =~, !~) and a quoted value, e.g. severity="critical"',
          fix: "quote the value",
        });
      }
    });
  });
  return problems;
}
