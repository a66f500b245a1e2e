// Which bootstrap stacks the environments need, and which environments share an AWS account. Pure functions over
// the environment list (no cdktf).
import type { Problem } from "../common/problems";
import { ONCE_PER_ACCOUNT_AND_REGION, SECURITY_SERVICE_LABELS } from "../common/security-services";
import type { AwsRegion, EnvironmentConfig } from "./types";

/**
 * The kit's account model: environments that keep state in one bucket share that bucket's account, and a recovery
 * environment shares its primary's account (in another region). Everything else is an account of its own.
 *
 * One bootstrap stack per state bucket, `<env>-bootstrap` after the first environment that uses the bucket: it
 * prepares that account in that region (the state bucket) and, once per account, the account-wide service-linked
 * roles.
 */
export interface BootstrapTarget {
  /** Stack id: `<env>-bootstrap`. */
  readonly id: string;
  /** The environment the stack is named after (the first one keeping state in the bucket). */
  readonly environment: string;
  readonly region: AwsRegion;
  readonly stateBucket: string;
  /** Environments whose account-wide roles this stack creates (IAM is global: once per account). */
  readonly accountRolesFor: readonly string[];
}

/** The environment whose state bucket stands for `env`'s account: its primary's, for a recovery environment. */
function accountHolder(environments: readonly EnvironmentConfig[], env: EnvironmentConfig): EnvironmentConfig {
  const primary = env.disasterRecovery && environments.find((e) => e.name === env.disasterRecovery!.primary);
  return primary ?? env;
}

/** An account key: the state bucket of the environment that stands for the account. */
export function accountOf(environments: readonly EnvironmentConfig[], env: EnvironmentConfig): string {
  return accountHolder(environments, env).state.bucket;
}

/** Bootstrap stacks for the state buckets of `selected`, in the order the buckets first appear. */
export function bootstrapTargets(
  environments: readonly EnvironmentConfig[],
  selected: readonly EnvironmentConfig[] = environments,
): BootstrapTarget[] {
  const buckets = [...new Set(selected.map((e) => e.state.bucket))];
  return buckets.map((bucket) => {
    const owner = environments.find((e) => e.state.bucket === bucket)!;
    return {
      id: `${owner.name}-bootstrap`,
      environment: owner.name,
      region: owner.state.region,
      stateBucket: bucket,
      accountRolesFor: environments.filter((e) => accountOf(environments, e) === bucket).map((e) => e.name),
    };
  });
}

/**
 * What the account model rules out: a bucket in two regions; environments of one account that name different
 * allowed accounts; and two environments of one account and region that both turn on a service AWS allows once
 * per account and region (GuardDuty: one detector; Security Hub: enabled once).
 */
export function checkBootstrap(environments: readonly EnvironmentConfig[]): Problem[] {
  const problems: Problem[] = [];
  const regionByBucket = new Map<string, string>();
  for (const env of environments) {
    const { bucket, region } = env.state;
    const known = regionByBucket.get(bucket);
    if (known !== undefined && known !== region) {
      problems.push({
        field: `${env.name}.state.region`,
        value: region,
        expected: `${known}, where another environment keeps state in bucket ${bucket} (a bucket lives in one region)`,
        fix: `set ${env.name}.state.region to ${known}, or name another bucket`,
      });
    }
    if (known === undefined) regionByBucket.set(bucket, region);
  }
  const seen = new Map<string, EnvironmentConfig>();
  for (const env of environments) {
    const account = accountOf(environments, env);
    const first = [...seen.values()].find((e) => accountOf(environments, e) === account);
    if (first && JSON.stringify(first.allowedAccountIds ?? []) !== JSON.stringify(env.allowedAccountIds ?? [])) {
      problems.push({
        field: `${env.name}.allowedAccountIds`,
        value: env.allowedAccountIds ?? [],
        expected: `the same accounts as ${first.name} (${JSON.stringify(first.allowedAccountIds ?? [])}), whose account it shares (same state bucket, or its recovery pair)`,
        fix: `give ${env.name} its own state bucket if it lives in another account`,
      });
    }
    for (const service of ONCE_PER_ACCOUNT_AND_REGION) {
      const on = (e: EnvironmentConfig) => e.securityServices?.[service] !== false;
      const clash = [...seen.values()].find((e) => accountOf(environments, e) === account && e.region === env.region && on(e));
      if (clash && on(env)) {
        problems.push({
          field: `${env.name}.securityServices.${service}`,
          value: true,
          expected: `off: ${clash.name} shares its account and region and already turns ${SECURITY_SERVICE_LABELS[service]} on (AWS allows it once per account and region)`,
          fix: `set securityServices: { ${service}: false } in ${env.name}, or give ${env.name} its own account (its own state bucket)`,
        });
      }
    }
    seen.set(env.name, env);
  }
  return problems;
}
