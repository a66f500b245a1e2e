// Which environment stands in for which, and in what mode. Pure functions over the environment list.
import { throwIfProblems, type Problem } from "../common/problems";
import { DR_MODES, type DrMode, type EnvironmentConfig } from "./types";

/**
 * An environment's part in disaster recovery:
 * - `primary`: another environment stands in for it; it replicates its data there.
 * - `standby` / `failover`: it stands in for `primary`, in the given mode.
 */
export type RecoveryRole =
  | { readonly kind: "none" }
  | { readonly kind: "primary"; readonly recovery: EnvironmentConfig }
  | { readonly kind: DrMode; readonly primary: EnvironmentConfig };

export function recoveryRole(
  environments: readonly EnvironmentConfig[],
  env: EnvironmentConfig,
  modeOverride?: DrMode,
): RecoveryRole {
  if (env.disasterRecovery) {
    const primary = environments.find((e) => e.name === env.disasterRecovery!.primary);
    if (!primary) throw new Error(`${env.name}: its primary "${env.disasterRecovery.primary}" is not configured`);
    return { kind: modeOverride ?? env.disasterRecovery.mode, primary };
  }
  const recovery = environments.find((e) => e.disasterRecovery?.primary === env.name);
  return recovery ? { kind: "primary", recovery } : { kind: "none" };
}

/** The environment on the other side of disaster recovery: a primary's recovery environment, or a recovery environment's primary. */
export function counterpartOf(role: RecoveryRole): EnvironmentConfig | undefined {
  if (role.kind === "none") return undefined;
  return role.kind === "primary" ? role.recovery : role.primary;
}

/** Problems in the disaster-recovery relations of the environment list. */
export function checkDisasterRecovery(environments: readonly EnvironmentConfig[]): Problem[] {
  const problems: Problem[] = [];
  for (const env of environments) {
    const dr = env.disasterRecovery;
    if (!dr) continue;
    const field = `${env.name}.disasterRecovery`;
    const primary = environments.find((e) => e.name === dr.primary);
    if (!primary || primary === env) {
      problems.push({
        field: `${field}.primary`,
        value: dr.primary,
        expected: `the name of another configured environment (${environments.filter((e) => e !== env).map((e) => e.name).join(", ")})`,
        fix: "name the environment this one stands in for, or remove disasterRecovery",
      });
    } else {
      if (primary.region === env.region) {
        problems.push({
          field: `${env.name}.region`,
          value: env.region,
          expected: `a region other than ${primary.name}'s (${primary.region}): a recovery environment must survive the loss of the primary region`,
          fix: `move ${env.name} to another region, e.g. us-east-1`,
        });
      }
      if (primary.disasterRecovery) {
        problems.push({
          field: `${field}.primary`,
          value: dr.primary,
          expected: "an environment that is not itself a recovery environment",
          fix: `point ${env.name} at the primary that ${dr.primary} stands in for`,
        });
      }
      if (primary.state && env.state && primary.state.region === env.state.region) {
        problems.push({
          field: `${env.name}.state.region`,
          value: env.state.region,
          expected: `a state bucket outside ${primary.name}'s state region (${primary.state.region}), so failing over never needs it`,
          fix: `keep ${env.name}'s Terraform state in a bucket in ${env.region}`,
        });
      }
    }
    const twins = environments.filter((e) => e.disasterRecovery?.primary === dr.primary);
    if (twins.length > 1 && twins[0] !== env) {
      problems.push({
        field: `${field}.primary`,
        value: dr.primary,
        expected: `one recovery environment per primary (${twins.map((e) => e.name).join(" and ")} both stand in for ${dr.primary})`,
        fix: "remove one of them",
      });
    }
    if (!DR_MODES.includes(dr.mode)) {
      problems.push({
        field: `${field}.mode`,
        value: dr.mode,
        expected: `one of ${DR_MODES.join(" | ")}`,
        fix: 'use "standby" normally, "prepare" for the first deploy into a fresh account, and "failover" to rebuild the platform in this region',
      });
    }
  }
  return problems;
}

/** Reads PLATFORM_DR_MODE: undefined keeps each recovery environment's configured mode. */
export function drModeFromEnv(value: string | undefined, environments: readonly EnvironmentConfig[]): DrMode | undefined {
  if (value === undefined || value === "") return undefined;
  const problems: Problem[] = [];
  if (!(DR_MODES as readonly string[]).includes(value)) {
    problems.push({
      field: "PLATFORM_DR_MODE",
      value,
      expected: `one of ${DR_MODES.join(" | ")}`,
      fix: "unset it to use the configured mode, or set PLATFORM_DR_MODE=failover to rebuild in the recovery region",
    });
  } else if (!environments.some((e) => e.disasterRecovery)) {
    problems.push({
      field: "PLATFORM_DR_MODE",
      value,
      expected: "an environment with disasterRecovery (e.g. prod-dr) in the configuration",
      fix: "add the recovery environment under config/environments/ before asking for a DR mode",
    });
  }
  throwIfProblems("disaster-recovery mode", problems);
  return value as DrMode;
}
