// Per-environment settings of the Kubernetes layer (cluster, node groups, monitoring, alert routing) and their
// validation. Pure data and functions: no cdktf. Keyed by environment name, next to config/environments.ts.

import { parseCidr } from "../common/cidr";
import { throwIfProblems, type Problem } from "../common/problems";
import { checkKubernetesVersion, DEFAULT_KUBERNETES_VERSION, isChartReleaseName, CHART_RELEASE_NAMES } from "../common/versions-cluster";

/**
 * Who reaches the Kubernetes API. The private endpoint is always on (nodes and in-VPC tooling use it); a public
 * endpoint exists only with an explicit allow-list.
 */
export type EndpointAccess =
  | { readonly mode: "private" }
  | { readonly mode: "privateAndPublic"; readonly publicCidrs: readonly string[] };

export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

export interface NodeTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: TaintEffect;
}

export interface NodeGroupSettings {
  /** Instance types of one size class and one architecture, e.g. ["m6i.xlarge", "m5.xlarge"]; first is preferred. */
  readonly instanceTypes: readonly string[];
  /** `spot` diversifies across `instanceTypes`; `onDemand` for capacity that must not be reclaimed. */
  readonly capacity: "spot" | "onDemand";
  readonly minSize: number;
  /** Size at creation; the cluster autoscaler owns it afterwards. */
  readonly desiredSize: number;
  readonly maxSize: number;
  /** Root volume (gp3, encrypted) in GiB. */
  readonly diskGiB: number;
  /** Kubernetes labels on every node of the group (the kit adds `nodegroup: <name>`). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default [] */
  readonly taints?: readonly NodeTaint[];
}

/** Where an Alertmanager receiver sends; its secret (webhook URL, routing key) comes from Secrets Manager. */
export type AlertReceiver =
  | { readonly kind: "slack"; readonly channel: string }
  | { readonly kind: "pagerduty" }
  | { readonly kind: "webhook" };

export interface AlertRoute {
  /** Alertmanager matchers, all of which must hold, e.g. ['severity="critical"']. */
  readonly matchers: readonly string[];
  readonly receiver: string;
}

export interface AlertRouting {
  /** Receivers by name. Each reads its secret from Secrets Manager at `<project>/<env>/monitoring/<name>`. */
  readonly receivers: Readonly<Record<string, AlertReceiver>>;
  /** Receiver for alerts no route matches; `null` drops them (they stay visible in Alertmanager and Grafana). */
  readonly defaultReceiver: string;
  /** Checked in order; the first match wins. */
  readonly routes: readonly AlertRoute[];
}

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

/** The receiver that discards; always present, so a route can silence an alert (Watchdog, InfoInhibitor). */
export const NULL_RECEIVER = "null";

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
const NODE_GROUP_NAME = /^[a-z][a-z0-9-]{0,30}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const LABEL_KEY = /^([a-z0-9.-]{1,253}\/)?[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const TAINT_EFFECTS: readonly TaintEffect[] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
/** EKS quota: nodes per managed node group. */
const MAX_NODES_PER_GROUP = 450;

/** Graviton families have a `g` right after the generation digit (m7g, c6gn, t4g); their AMIs are arm64. */
export function architectureOf(instanceType: string): "arm64" | "x86_64" {
  return /^[a-z]+\d+g/.test(instanceType) ? "arm64" : "x86_64";
}

export function checkNodeGroup(path: string, name: string, g: NodeGroupSettings): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, value: unknown, expected: string, fix: string) =>
    problems.push({ field: `${path}.${field}`, value, expected, fix });
  if (!NODE_GROUP_NAME.test(name)) {
    problems.push({
      field: path,
      value: name,
      expected: "a node group name of lower-case letters, digits and dashes, at most 31 characters",
      fix: 'rename the group, e.g. "general"',
    });
  }
  if (g.instanceTypes.length === 0) {
    add("instanceTypes", [], "at least one instance type", 'list one, e.g. ["m6i.xlarge"]');
  }
  g.instanceTypes.forEach((t, i) => {
    if (!INSTANCE_TYPE.test(t)) add(`instanceTypes[${i}]`, t, "an EC2 instance type such as m6i.xlarge", "fix the spelling");
  });
  const architectures = new Set(g.instanceTypes.map(architectureOf));
  if (architectures.size > 1) {
    add(
      "instanceTypes",
      g.instanceTypes,
      "instance types of one architecture (a node group runs one AMI)",
      "put Graviton (arm64) types such as m7g in a node group of their own",
    );
  }
  if (g.capacity !== "spot" && g.capacity !== "onDemand") {
    add("capacity", g.capacity, '"spot" or "onDemand"', 'use "spot" for interruptible capacity');
  }
  const whole = (field: "minSize" | "desiredSize" | "maxSize", value: number) => {
    if (!Number.isInteger(value) || value < 0) add(field, value, "a whole number of nodes, 0 or more", "use e.g. 1");
  };
  whole("minSize", g.minSize);
  whole("desiredSize", g.desiredSize);
  whole("maxSize", g.maxSize);
  if (g.maxSize < 1 || g.maxSize > MAX_NODES_PER_GROUP) {
    add("maxSize", g.maxSize, `at least 1 and at most ${MAX_NODES_PER_GROUP} (EKS nodes per managed node group)`, "raise maxSize to 1 or more");
  }
  if (g.minSize > g.maxSize) {
    add("minSize", g.minSize, `at most maxSize (${g.maxSize})`, "lower minSize or raise maxSize");
  } else if (g.desiredSize < g.minSize || g.desiredSize > g.maxSize) {
    add("desiredSize", g.desiredSize, `from minSize (${g.minSize}) to maxSize (${g.maxSize})`, "set desiredSize within the range");
  }
  if (!Number.isInteger(g.diskGiB) || g.diskGiB < 20 || g.diskGiB > 16384) {
    add("diskGiB", g.diskGiB, "a whole number of GiB from 20 to 16384 (gp3 limits; images need 20)", "use e.g. 50");
  }
  for (const key of Object.keys(g.labels ?? {})) {
    if (!LABEL_KEY.test(key)) add(`labels.${key}`, key, "a Kubernetes label key", "use e.g. workload");
  }
  (g.taints ?? []).forEach((t, i) => {
    if (!LABEL_KEY.test(t.key)) add(`taints[${i}].key`, t.key, "a Kubernetes taint key", "use e.g. workload");
    if (!TAINT_EFFECTS.includes(t.effect)) {
      add(`taints[${i}].effect`, t.effect, `one of ${TAINT_EFFECTS.join(", ")}`, "use NoSchedule to keep other pods off");
    }
  });
  return problems;
}

export function checkEndpoint(path: string, endpoint: EndpointAccess): Problem[] {
  if (endpoint.mode === "private") return [];
  if (endpoint.mode !== "privateAndPublic") {
    return [{ field: `${path}.mode`, value: (endpoint as { mode: unknown }).mode, expected: '"private" or "privateAndPublic"', fix: 'use "private"' }];
  }
  if (endpoint.publicCidrs.length === 0) {
    return [
      {
        field: `${path}.publicCidrs`,
        value: [],
        expected: "at least one CIDR allowed to reach the public endpoint",
        fix: 'list your office or VPN egress ranges, or use { mode: "private" }',
      },
    ];
  }
  return endpoint.publicCidrs.flatMap((cidr, i) => {
    const parsed = parseCidr(cidr);
    if (parsed && parsed.prefix > 0) return [];
    return [
      {
        field: `${path}.publicCidrs[${i}]`,
        value: cidr,
        expected: "an IPv4 CIDR narrower than 0.0.0.0/0 (the API must not be open to the internet)",
        fix: "list your office or VPN egress ranges, e.g. 198.51.100.0/24",
      },
    ];
  });
}

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
