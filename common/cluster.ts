// Shapes of an EKS cluster that configuration and the cluster constructs share (API endpoint access, managed node
// groups) and their checks, so a bad node group fails with the same message in an environment and in a hand-built
// stack. Pure: no cdktf.
import { parseCidr } from "./cidr";
import type { Problem } from "./problems";

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
  const instanceTypes = Array.isArray(g.instanceTypes) ? g.instanceTypes : [];
  if (instanceTypes.length === 0) {
    add("instanceTypes", g.instanceTypes, "at least one instance type", 'list one, e.g. ["m6i.xlarge"]');
  }
  instanceTypes.forEach((t, i) => {
    if (!INSTANCE_TYPE.test(t)) add(`instanceTypes[${i}]`, t, "an EC2 instance type such as m6i.xlarge", "fix the spelling");
  });
  const architectures = new Set(instanceTypes.map(architectureOf));
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
  if (!Array.isArray(endpoint.publicCidrs) || endpoint.publicCidrs.length === 0) {
    return [
      {
        field: `${path}.publicCidrs`,
        value: endpoint.publicCidrs,
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
