import type { App } from "cdktf";
import { ConfigError } from "../common/problems";
import { bootstrapTargets } from "../config/bootstrap";
import { assertValidProject } from "../config/validate";
import { counterpartOf, drModeFromEnv, recoveryRole } from "../config/disaster-recovery";
import { selectEnvironments } from "../config/select";
import { applyPolicyPack, suppress } from "../constructs/policy";
import { catalogVersions } from "../constructs/policy/catalog-versions";
import type { DrMode, EnvironmentConfig, ProjectConfig } from "../config/types";
import type { ServiceLinkedRoleSpec } from "../constructs/bootstrap/service-linked-roles";
import { serviceLinkedRolesNeeded } from "../constructs/core/prerequisites";
import type { BackendKind } from "./backend";
import { BootstrapStack } from "./bootstrap-stack";
import { ClusterAddonsStack } from "./cluster-addons-stack";
import { platformContract, type PlatformContract } from "./platform-contract";
import { PlatformStack } from "./platform-stack";

export interface BuildOptions {
  /** Comma-separated environment names; all when empty. */
  readonly only?: string;
  /** @default "s3" */
  readonly backend?: BackendKind;
  /** Mode of every recovery environment (PLATFORM_DR_MODE). @default each one's configured mode */
  readonly drMode?: DrMode;
}

export interface EnvironmentStacks {
  readonly platform: PlatformStack;
  /** Absent for a recovery environment in standby: it runs no cluster. */
  readonly clusterAddons?: ClusterAddonsStack;
}

/**
 * Validates the whole configuration, then adds the stacks of every selected environment to the app, and the
 * bootstrap stack (`<env>-bootstrap`) of each state bucket they use.
 */
export function buildPlatform(app: App, config: ProjectConfig, options: BuildOptions = {}): Record<string, EnvironmentStacks> {
  assertValidProject(config);
  // Asking for a mode with no recovery environment configured is a mistake worth stopping on.
  drModeFromEnv(options.drMode, config.environments);
  const versions = catalogVersions();
  const stacks: Record<string, EnvironmentStacks> = {};
  const selected = selectEnvironments(config.environments, options.only);
  // Made once per environment and handed to its producer and every consumer, so both sides use the same names.
  const contracts = new Map<string, PlatformContract>(config.environments.map((e) => [e.name, platformContract(config.project, e)]));
  for (const environment of selected) {
    const common = { project: config.project, environment, backend: options.backend };
    const recovery = recoveryRole(config.environments, environment, options.drMode);
    const contract = contracts.get(environment.name)!;
    const peerContract = contracts.get(counterpartOf(recovery)?.name ?? "");
    const platform = new PlatformStack(app, { ...common, recovery, contract, peerContract });
    const clusterAddons = platform.cluster ? new ClusterAddonsStack(app, { ...common, contract }) : undefined;
    const envStacks: EnvironmentStacks = { platform, clusterAddons };
    stacks[environment.name] = envStacks;
    if (clusterAddons) {
      suppress(
        clusterAddons.controllers.node.findChild("aws-load-balancer-controller-identity"),
        "KIT-IAM-003",
        "AWS Load Balancer Controller's upstream policy: it creates and tags load balancers, listeners, rules and security groups at runtime, whose ARNs do not exist at synth; changes to existing resources are conditioned on this cluster's ownership tag",
      );
    }
    // Every stack is checked against the policy pack at synth (docs/policy-pack.md); errors fail the synth.
    // A production environment's flags are true here: validation refuses production with either off.
    const settings = { multiAz: environment.multiAz, deletionProtection: environment.deletionProtection };
    for (const stack of [platform, clusterAddons]) if (stack) applyPolicyPack(stack, { settings, versions });
  }
  for (const bootstrap of addBootstrapStacks(app, config, selected, stacks, options.backend)) {
    applyPolicyPack(bootstrap, { versions });
  }
  return stacks;
}

/** One bootstrap stack per state bucket of the selected environments, holding what their stacks need first. */
function addBootstrapStacks(
  app: App,
  config: ProjectConfig,
  selected: readonly EnvironmentConfig[],
  stacks: Readonly<Record<string, EnvironmentStacks>>,
  backend: BackendKind | undefined,
): BootstrapStack[] {
  return bootstrapTargets(config.environments, selected).map((target) => {
    const owner = config.environments.find((e) => e.name === target.environment);
    const adopted = new Set(owner?.bootstrap?.adoptServiceLinkedRoles ?? []);
    const roles: Record<string, ServiceLinkedRoleSpec> = {};
    for (const name of target.accountRolesFor) {
      const built = stacks[name];
      for (const stack of built ? [built.platform, built.clusterAddons] : []) {
        for (const need of stack ? serviceLinkedRolesNeeded(stack) : []) {
          roles[need.service] = { service: need.service, roleName: need.roleName, mode: adopted.has(need.service) ? "adopt" : "create" };
        }
      }
    }
    const delivery = config.delivery;
    const ci = delivery && {
      repository: delivery.repository,
      ...(delivery.mainBranch ? { mainBranch: delivery.mainBranch } : {}),
      oidcProvider: target.accountRolesFor.length > 0 && owner?.bootstrap?.githubOidcProvider !== "existing" ? ("create" as const) : ("existing" as const),
      environments: config.environments
        .filter((e) => e.state?.bucket === target.stateBucket)
        .map((e) => ({ name: e.name, stateBucket: e.state.bucket, stateRegion: e.state.region })),
    };
    return new BootstrapStack(app, { project: config.project, target, serviceLinkedRoles: roles, backend, ...(ci ? { ci } : {}) });
  });
}

export function backendFromEnv(value: string | undefined): BackendKind {
  if (value === undefined || value === "" || value === "s3") return "s3";
  if (value === "local") return "local";
  throw new ConfigError("backend selection", [
    {
      field: "PLATFORM_BACKEND",
      value,
      expected: '"s3" or "local"',
      fix: "unset it for the S3 backend, or set PLATFORM_BACKEND=local for offline state",
    },
  ]);
}
