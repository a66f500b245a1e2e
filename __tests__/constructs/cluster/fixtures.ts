// Builds an environment's platform stack with only what the cluster needs (keys, network), then the cluster.
import { Testing, type App } from "cdktf";
import type { ClusterSettings } from "../../../config/cluster";
import { dev, prod } from "../../../config/environments";
import type { EnvironmentConfig } from "../../../config/types";
import { KubernetesCluster, type KubernetesClusterProps } from "../../../constructs/cluster/kubernetes-cluster";
import { PlatformKeys } from "../../../constructs/keys/platform-keys";
import { Network } from "../../../constructs/network/network";
import { EnvironmentStack } from "../../../stacks/environment-stack";
import type { SynthJson } from "../../helpers";

export const PROJECT = "aec-platform";

export function platformStack(environment: EnvironmentConfig = prod, app: App = Testing.app()) {
  const stack = new EnvironmentStack(app, "platform", { project: PROJECT, environment });
  const keys = new PlatformKeys(stack, "keys", { aliasPrefix: stack.namePrefix });
  const network = new Network(stack, "network", {
    name: stack.namePrefix,
    vpcCidr: environment.network.vpcCidr,
    availabilityZones: environment.availabilityZones,
    subnets: environment.network.subnets,
    nat: environment.network.nat,
    flowLogKey: keys.byClass.logs,
    clusterNames: [stack.namePrefix],
  });
  return { app, stack, keys, network };
}

/** The cluster as PlatformStack wires it, from the environment's settings, with props overridable. */
export function clusterIn(
  environment: EnvironmentConfig = prod,
  overrides: Partial<KubernetesClusterProps> = {},
  settings: ClusterSettings = environment.cluster,
) {
  const built = platformStack(environment);
  const cluster = new KubernetesCluster(built.stack, "cluster", {
    name: built.stack.namePrefix,
    network: built.network,
    logsKey: built.keys.byClass.logs,
    kubernetesVersion: settings.kubernetesVersion,
    endpoint: settings.endpoint,
    adminRoleArns: settings.adminRoleArns,
    nodeGroups: settings.nodeGroups,
    logRetentionDays: environment.logRetentionDays,
    deletionProtection: environment.deletionProtection,
    ...overrides,
  });
  const synth = Testing.synth(built.stack);
  return { ...built, cluster, synth, json: JSON.parse(synth) as SynthJson };
}

export { dev, prod };
