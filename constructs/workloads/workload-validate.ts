// Every check of a Workload's props, collected so one synth reports all of them.
import type { Problem } from "../../common/problems";
import type { WorkloadProps } from "./workload";
import {
  checkImage,
  checkName,
  checkNodeGroupName,
  checkPort,
  checkPositiveWhole,
  checkQueue,
  checkReplicaBounds,
  checkResources,
} from "./validate";

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkWorkloadProps(props: WorkloadProps): Problem[] {
  const problems: Problem[] = [...checkName("name", props.name), ...checkName("namespace", props.namespace)];
  if (props.serviceAccountName !== undefined) problems.push(...checkName("serviceAccountName", props.serviceAccountName));
  problems.push(...checkImage("", props.imageRepository, props.imageTag).map((p) => ({ ...p, field: p.field.replace(/^\./, "") })));
  problems.push(...checkResources("", props).map((p) => ({ ...p, field: p.field.replace(/^\./, "") })));
  const health = props.healthPort ?? 8080;
  const metrics = props.metricsPort ?? 9464;
  problems.push(...checkPort("healthPort", health), ...checkPort("metricsPort", metrics));
  if (health === metrics) {
    problems.push({ field: "metricsPort", value: metrics, expected: `a port other than healthPort (${health})`, fix: "serve metrics on their own port, e.g. 9464" });
  }
  problems.push(...checkScaling(props), ...checkSecrets(props), ...checkEgress(props));
  if (props.nodeGroup !== undefined) problems.push(...checkNodeGroupName("nodeGroup", props.nodeGroup, props.nodeGroups ?? {}));
  if (props.terminationGracePeriodSeconds !== undefined) {
    problems.push(...checkPositiveWhole("terminationGracePeriodSeconds", props.terminationGracePeriodSeconds, "the drain budget after SIGTERM"));
  }
  const sleep = props.preStopSleepSeconds ?? 0;
  const grace = props.terminationGracePeriodSeconds ?? 60;
  if (!Number.isInteger(sleep) || sleep < 0 || sleep >= grace) {
    problems.push({ field: "preStopSleepSeconds", value: sleep, expected: `a whole number from 0 to below terminationGracePeriodSeconds (${grace}): the sleep counts against it`, fix: "shorten the sleep or lengthen the grace period" });
  }
  if (props.tmpSizeMiB !== undefined) problems.push(...checkPositiveWhole("tmpSizeMiB", props.tmpSizeMiB, "the writable /tmp"));
  const user = props.runAsUser ?? 10001;
  if (!Number.isInteger(user) || user < 1) {
    problems.push({ field: "runAsUser", value: user, expected: "a numeric user id above 0 (runAsNonRoot refuses root)", fix: "use the image's non-root user id, e.g. 10001" });
  }
  return problems;
}

function checkScaling(props: WorkloadProps): Problem[] {
  const s = props.scaling;
  if (s === undefined) return [];
  switch (s.kind) {
    case "fixed":
      return checkPositiveWhole("scaling.replicas", s.replicas, "the PodDisruptionBudget keeps one running");
    case "cpu": {
      const problems = checkReplicaBounds("scaling", s.minReplicas, s.maxReplicas);
      if (!Number.isInteger(s.targetCpuPercent) || s.targetCpuPercent < 10 || s.targetCpuPercent > 95) {
        problems.push({ field: "scaling.targetCpuPercent", value: s.targetCpuPercent, expected: "a whole percentage of the CPU request from 10 to 95", fix: "e.g. 70" });
      }
      return problems;
    }
    case "rabbitmq": {
      const problems = [...checkReplicaBounds("scaling", s.minReplicas, s.maxReplicas), ...checkQueue("scaling.queue", s.queue, s.knownQueues)];
      problems.push(...checkPositiveWhole("scaling.messagesPerReplica", s.messagesPerReplica, "ready messages per replica"));
      const secret = props.secrets?.[s.credentialsSecret];
      if (!secret || !["username", "password"].every((k) => secret.properties.includes(k))) {
        problems.push({
          field: "scaling.credentialsSecret",
          value: s.credentialsSecret,
          expected: `a key of secrets whose properties include username and password (${Object.keys(props.secrets ?? {}).join(", ") || "none declared"})`,
          fix: "declare the broker user's secret under secrets with properties [\"username\", \"password\"] and name it here",
        });
      }
      return problems;
    }
  }
}

function checkSecrets(props: WorkloadProps): Problem[] {
  const problems: Problem[] = [];
  const secrets = props.secrets ?? {};
  for (const [key, secret] of Object.entries(secrets)) {
    if (checkName("", `${props.name}-${key}`).length > 0) {
      problems.push({ field: `secrets.${key}`, value: key, expected: 'a key that makes "<name>-<key>" a DNS-1123 label (lower-case letters, digits, dashes; at most 63 in all)', fix: 'e.g. "broker"' });
    }
    if (secret.remoteKey === "") {
      problems.push({ field: `secrets.${key}.remoteKey`, value: secret.remoteKey, expected: "a Secrets Manager secret name or ARN", fix: "name the secret External Secrets reads" });
    }
    if (secret.properties.length === 0) {
      problems.push({ field: `secrets.${key}.properties`, value: secret.properties, expected: "at least one JSON property to copy", fix: 'e.g. ["username", "password"]' });
    }
  }
  const plain = props.environment ?? {};
  for (const name of Object.keys(plain)) {
    if (!ENV_NAME.test(name)) problems.push({ field: `environment.${name}`, value: name, expected: "a variable name of letters, digits and underscores", fix: "rename it" });
  }
  for (const [name, ref] of Object.entries(props.secretEnvironment ?? {})) {
    if (!ENV_NAME.test(name)) problems.push({ field: `secretEnvironment.${name}`, value: name, expected: "a variable name of letters, digits and underscores", fix: "rename it" });
    if (name in plain) {
      problems.push({ field: `secretEnvironment.${name}`, value: name, expected: "a name not also in environment", fix: "keep one of the two" });
    }
    const secret = secrets[ref.secret];
    if (!secret || !secret.properties.includes(ref.key)) {
      problems.push({
        field: `secretEnvironment.${name}`,
        value: ref,
        expected: `a secret declared under secrets and one of its properties (${Object.entries(secrets).map(([k, s]) => `${k}: ${s.properties.join("/")}`).join(", ") || "none declared"})`,
        fix: "declare the secret and property, or fix the reference",
      });
    }
  }
  return problems;
}

function checkEgress(props: WorkloadProps): Problem[] {
  const problems: Problem[] = [];
  (props.egress ?? []).forEach((e, i) => {
    if (!/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(e.cidr)) {
      problems.push({ field: `egress[${i}].cidr`, value: e.cidr, expected: "an IPv4 CIDR such as 10.0.0.0/16", fix: "name the peer's network" });
    }
    if (e.ports.length === 0 || e.ports.some((port) => !Number.isInteger(port) || port < 1 || port > 65535)) {
      problems.push({ field: `egress[${i}].ports`, value: e.ports, expected: "one or more TCP ports from 1 to 65535 (an egress rule without ports opens every port)", fix: "list the peer's ports" });
    }
  });
  return problems;
}
