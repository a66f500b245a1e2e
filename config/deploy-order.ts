// The order in which the pipeline applies each environment's stacks, derived from the configuration alone (no
// synth): platform before add-ons, and add-ons only where the platform runs a cluster. A recovery environment in
// standby or prepare runs no cluster. Pure: no cdktf.
import { recoveryRole } from "./disaster-recovery";
import type { DrMode, ProjectConfig } from "./types";

export interface EnvironmentDeploy {
  readonly environment: string;
  /** Stack ids, applied one at a time in this order. */
  readonly stacks: readonly string[];
}

export function deployOrder(config: ProjectConfig, drMode?: DrMode): EnvironmentDeploy[] {
  return config.environments.map((env) => {
    const kind = recoveryRole(config.environments, env, drMode).kind;
    const runsCluster = kind !== "standby" && kind !== "prepare";
    return { environment: env.name, stacks: [`${env.name}-platform`, ...(runsCluster ? [`${env.name}-cluster-addons`] : [])] };
  });
}
