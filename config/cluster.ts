// The shape of an environment's Kubernetes layer (cluster, node groups, monitoring, alert routing) and its
// validation; each environment's values live in its own file under config/environments/. Pure: no cdktf.
// Node groups, endpoint access and alert routing are the constructs' shapes, shared through common/.

import { NULL_RECEIVER, type AlertRoute, type AlertRouting } from "../common/alerting";
import { parseCidr } from "../common/cidr";
import { checkEndpoint, checkNodeGroup, type EndpointAccess, type NodeGroupSettings } from "../common/cluster";
import type { Problem } from "../common/problems";
import { checkProcessingWorker, type ProcessingWorkerSettings } from "../common/workloads";
import type { LokiLogs } from "../common/loki";
import { checkKubernetesVersion, isChartReleaseName, CHART_RELEASE_NAMES } from "../common/versions-cluster";
import { checkSection } from "./section";

export interface MonitoringSettings {
  readonly prometheusRetentionDays: number;
  readonly prometheusStorageGiB: number;
  readonly alertmanagerStorageGiB: number;
  /**
   * Alertmanager replicas; more than one makes it highly available (peers share silences and de-duplicate
   * notifications), spread over zones with a disruption budget. @default 1
   */
  readonly alertmanagerReplicas?: number;
  readonly grafanaStorageGiB: number;
  /** Days Loki keeps log lines (its compactor deletes older ones; the S3 lifecycle is a backstop). */
  readonly lokiRetentionDays: number;
  /**
   * GiB of Loki's volume: all the logs in `single-binary` mode; each write and backend pod's WAL and working
   * directory in `simple-scalable` mode (the logs themselves are in S3).
   */
  readonly lokiStorageGiB: number;
  /**
   * How Loki runs and where it keeps the logs (common/loki.ts). A production environment must use
   * `simple-scalable`. @default { mode: "single-binary" }
   */
  readonly logs?: LokiLogs;
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
  /** The platform's own workloads on the cluster (common/workloads.ts). */
  readonly workloads: { readonly processing: ProcessingWorkerSettings };
}

export function checkClusterSettings(path: string, s: ClusterSettings): Problem[] {
  const problems = [...checkKubernetesVersion(`${path}.kubernetesVersion`, s.kubernetesVersion)];
  problems.push(
    ...checkSection(`${path}.workloads.processing`, s.workloads?.processing, "the processing worker's settings (common/workloads.ts)", (w) =>
      checkProcessingWorker(`${path}.workloads.processing`, w),
    ),
  );
  problems.push(
    ...checkSection(`${path}.endpoint`, s.endpoint, '{ mode: "private" } or { mode: "privateAndPublic", publicCidrs }', (e) =>
      checkEndpoint(`${path}.endpoint`, e),
    ),
  );
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
  if (!Array.isArray(s.adminRoleArns)) {
    problems.push({
      field: `${path}.adminRoleArns`,
      value: s.adminRoleArns,
      expected: "a list of IAM role ARNs given cluster-admin",
      fix: "use [] when the deploying role is the only admin",
    });
  }
  (Array.isArray(s.adminRoleArns) ? s.adminRoleArns : []).forEach((arn, i) => {
    if (!ROLE_ARN.test(arn)) {
      problems.push({
        field: `${path}.adminRoleArns[${i}]`,
        value: arn,
        expected: "an IAM role ARN, e.g. arn:aws:iam::123456789012:role/platform-admins",
        fix: "copy the role's ARN from IAM (for SSO, the AWSReservedSSO_... role, without the session part)",
      });
    }
  });
  const nodeGroups = s.nodeGroups ?? {};
  if (Object.keys(nodeGroups).length === 0) {
    problems.push({
      field: `${path}.nodeGroups`,
      value: s.nodeGroups,
      expected: "at least one node group",
      fix: "add a `general` node group",
    });
  }
  for (const [name, group] of Object.entries(nodeGroups)) {
    problems.push(
      ...checkSection(`${path}.nodeGroups.${name}`, group, "a node group's instance types, capacity, sizes and disk", (g) =>
        checkNodeGroup(`${path}.nodeGroups.${name}`, name, g),
      ),
    );
  }
  problems.push(
    ...checkSection(`${path}.monitoring`, s.monitoring, "the monitoring sizes and alert routing", (m) => checkMonitoring(`${path}.monitoring`, m)),
  );
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
const RECEIVER_KINDS: readonly (string | undefined)[] = ["slack", "pagerduty", "webhook"];
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
  const replicas = m.alertmanagerReplicas;
  if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 1 || replicas > 5)) {
    problems.push({
      field: `${path}.alertmanagerReplicas`,
      value: replicas,
      expected: "a whole number from 1 to 5 (Alertmanager peers gossip; 3 spreads one per zone)",
      fix: "use 3 for high availability, or leave it out for 1",
    });
  }
  return [...problems, ...checkSection(`${path}.alerting`, m.alerting, "alert routing: receivers, defaultReceiver, routes", (a) => checkAlerting(`${path}.alerting`, a))];
}

function checkAlerting(path: string, a: AlertRouting): Problem[] {
  const problems: Problem[] = [];
  const receivers: AlertRouting["receivers"] = a.receivers ?? {};
  const routes: readonly AlertRoute[] = Array.isArray(a.routes) ? a.routes : [];
  if (typeof a.receivers !== "object" || a.receivers === null) {
    problems.push({ field: `${path}.receivers`, value: a.receivers, expected: "receivers by name", fix: "use {} to send nowhere but the null receiver" });
  }
  if (!Array.isArray(a.routes)) {
    problems.push({ field: `${path}.routes`, value: a.routes, expected: "a list of routes", fix: "use [] to send every alert to defaultReceiver" });
  }
  const known = [NULL_RECEIVER, ...Object.keys(receivers).filter((r) => r !== NULL_RECEIVER)];
  for (const [name, receiver] of Object.entries(receivers)) {
    if (!RECEIVER_NAME.test(name) || name === NULL_RECEIVER) {
      problems.push({
        field: `${path}.receivers.${name}`,
        value: name,
        expected: 'a receiver name of lower-case letters, digits and dashes, other than "null"',
        fix: 'rename it, e.g. "platform-oncall"',
      });
    }
    if (!RECEIVER_KINDS.includes(receiver?.kind)) {
      problems.push({
        field: `${path}.receivers.${name}.kind`,
        value: receiver?.kind,
        expected: `one of ${RECEIVER_KINDS.join(", ")}`,
        fix: 'use "slack" with a channel, "pagerduty" or "webhook"',
      });
    }
    if (receiver?.kind === "slack" && (typeof receiver.channel !== "string" || !/^[#@]?[a-z0-9._-]{1,80}$/.test(receiver.channel))) {
      problems.push({
        field: `${path}.receivers.${name}.channel`,
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
  if (!known.includes(a.defaultReceiver)) problems.push(unknownReceiver(`${path}.defaultReceiver`, a.defaultReceiver));
  routes.forEach((route, i) => {
    if (!known.includes(route.receiver)) problems.push(unknownReceiver(`${path}.routes[${i}].receiver`, route.receiver));
    if (!Array.isArray(route.matchers) || route.matchers.length === 0) {
      problems.push({
        field: `${path}.routes[${i}].matchers`,
        value: route.matchers,
        expected: "at least one matcher (a route without one catches everything)",
        fix: "set defaultReceiver for a catch-all instead",
      });
    }
    (route.matchers ?? []).forEach((matcher, j) => {
      if (!MATCHER.test(matcher)) {
        problems.push({
          field: `${path}.routes[${i}].matchers[${j}]`,
          value: matcher,
          expected: 'an Alertmanager matcher: label, operator (=, !=, =~, !~) and a quoted value, e.g. severity="critical"',
          fix: "quote the value",
        });
      }
    });
  });
  return problems;
}
