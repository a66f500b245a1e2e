// Checks of a workload's props that need no cdktf: image reference, resources, scaling bounds, queue and node
// group names, ports. Each returns every problem it finds, in the kit's Problem shape.
import type { NodeGroupSettings } from "../../common/cluster";
import type { Problem } from "../../common/problems";

/** A DNS-1123 label: Kubernetes object names the workload derives from its name must be labels too. */
const DNS_LABEL = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** A version tag: digits with dots, optionally v-prefixed, with a pre-release or build suffix (1.4.2, v2.0.0-rc.1). */
const VERSION_TAG = /^v?\d+(\.\d+){1,2}([-+][0-9A-Za-z][0-9A-Za-z.+-]*)?$/;
/** An image digest, which pins the bytes whatever the tag says. */
const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** Kubernetes CPU quantities the kit accepts: millicores (250m) or cores (1, 0.5). */
const CPU = /^(\d+m|\d+(\.\d+)?)$/;
/** Memory in binary units (512Mi, 1Gi) — decimal units and plain bytes are legal but invite 1000/1024 mistakes. */
const MEMORY = /^\d+(Ki|Mi|Gi|Ti)$/;

/** Parses a tag or digest; undefined when neither is immutable-looking. */
export function imageReferenceKind(ref: string): "tag" | "digest" | undefined {
  if (DIGEST.test(ref)) return "digest";
  return VERSION_TAG.test(ref) ? "tag" : undefined;
}

/** `repository:tag` or `repository@sha256:...`. */
export function imageReference(repository: string, tagOrDigest: string): string {
  return imageReferenceKind(tagOrDigest) === "digest" ? `${repository}@${tagOrDigest}` : `${repository}:${tagOrDigest}`;
}

export function checkName(field: string, value: string): Problem[] {
  return DNS_LABEL.test(value)
    ? []
    : [{ field, value, expected: "a DNS-1123 label: lower-case letters, digits and dashes, at most 63, starting with a letter", fix: 'e.g. "processing-worker"' }];
}

export function checkImage(path: string, repository: string, tagOrDigest: string): Problem[] {
  const problems: Problem[] = [];
  if (repository === "" || /[:@]/.test(repository.split("/").slice(1).join("/"))) {
    problems.push({
      field: `${path}.imageRepository`,
      value: repository,
      expected: "an ECR repository URL without tag or digest (<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/<name>)",
      fix: "pass the repository alone and put the tag or digest in imageTag",
    });
  }
  if (imageReferenceKind(tagOrDigest) === undefined) {
    problems.push({
      field: `${path}.imageTag`,
      value: tagOrDigest,
      expected: 'an immutable reference: a version tag such as "1.4.2" or a digest "sha256:<64 hex>" (not "latest", a branch name or an empty tag)',
      fix: "use the version or digest CI pushed, e.g. 1.4.2 or sha256:…",
    });
  }
  return problems;
}

/** CPU in millicores, memory in bytes; undefined when the quantity is not of the accepted forms. */
export function cpuMillis(q: string): number | undefined {
  if (!CPU.test(q)) return undefined;
  return q.endsWith("m") ? Number(q.slice(0, -1)) : Math.round(Number(q) * 1000);
}

const MEMORY_UNITS: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
export function memoryBytes(q: string): number | undefined {
  const m = /^(\d+)(Ki|Mi|Gi|Ti)$/.exec(q);
  return m && MEMORY.test(q) ? Number(m[1]) * MEMORY_UNITS[m[2]!]! : undefined;
}

export interface ResourceProps {
  readonly requestCpu: string;
  readonly requestMemory: string;
  readonly limitCpu: string;
  readonly limitMemory: string;
}

export function checkResources(path: string, r: Partial<ResourceProps>): Problem[] {
  const problems: Problem[] = [];
  const pairs = [
    ["requestCpu", "limitCpu", cpuMillis, 'a CPU quantity such as "250m" or "1"'],
    ["requestMemory", "limitMemory", memoryBytes, 'a memory quantity in binary units such as "512Mi" or "1Gi"'],
  ] as const;
  for (const [request, limit, parse, expected] of pairs) {
    const values: Record<string, number | undefined> = {};
    for (const key of [request, limit]) {
      const value = r[key];
      values[key] = value === undefined ? undefined : parse(value);
      if (value === undefined || values[key] === undefined || values[key] === 0) {
        problems.push({
          field: `${path}.${key}`,
          value,
          expected: `${expected}, above zero: every workload sets requests and limits`,
          fix: `set ${key}`,
        });
      }
    }
    const [req, lim] = [values[request], values[limit]];
    if (req !== undefined && lim !== undefined && req > lim) {
      problems.push({
        field: `${path}.${request}`,
        value: r[request],
        expected: `at most ${limit} (${r[limit]}): Kubernetes rejects a request above its limit`,
        fix: `lower ${request} or raise ${limit}`,
      });
    }
  }
  return problems;
}

export function checkPort(field: string, value: number): Problem[] {
  return Number.isInteger(value) && value >= 1024 && value <= 65535
    ? []
    : [{ field, value, expected: "a port from 1024 to 65535 (a non-root container cannot bind below 1024)", fix: "e.g. 8080" }];
}

export function checkReplicaBounds(path: string, min: number, max: number): Problem[] {
  const problems: Problem[] = [];
  if (!Number.isInteger(min) || min < 1) {
    problems.push({ field: `${path}.minReplicas`, value: min, expected: "a whole number of at least 1 (the PodDisruptionBudget and a warm consumer need one)", fix: "set 1 or more" });
  }
  if (!Number.isInteger(max) || max < Math.max(min, 1)) {
    problems.push({ field: `${path}.maxReplicas`, value: max, expected: `a whole number of at least minReplicas (${min})`, fix: "raise maxReplicas" });
  }
  return problems;
}

export function checkQueue(field: string, queue: string, known: readonly string[]): Problem[] {
  return known.includes(queue)
    ? []
    : [{ field, value: queue, expected: `a queue the broker topology declares (${known.join(", ")})`, fix: "fix the name, or add the queue to fileEventsTopology in lambdas/shared/broker-topology.ts" }];
}

export function checkNodeGroupName(field: string, name: string, groups: Readonly<Record<string, NodeGroupSettings>>): Problem[] {
  return name in groups
    ? []
    : [{ field, value: name, expected: `a node group of the cluster (${Object.keys(groups).join(", ")})`, fix: "name one of the cluster's node groups, or leave nodeGroup unset for the untainted ones" }];
}

export function checkPositiveWhole(field: string, value: number, what: string): Problem[] {
  return Number.isInteger(value) && value >= 1 ? [] : [{ field, value, expected: `a whole number of at least 1 (${what})`, fix: `set ${field.split(".").pop()} to 1 or more` }];
}
