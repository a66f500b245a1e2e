// Which bootstrap stacks the environments need. Pure functions over the environment list (no cdktf).
import type { Problem } from "./problems";
import type { AwsRegion, EnvironmentConfig } from "./types";

/**
 * One bootstrap stack per Terraform state bucket: it prepares one account in one region (the bucket's), and
 * creates the account-wide service-linked roles for the environments whose account it owns.
 */
export interface BootstrapTarget {
  /** Stack id: `bootstrap-<region>`. */
  readonly id: string;
  readonly region: AwsRegion;
  readonly stateBucket: string;
  /** Environments whose state lives in this bucket. */
  readonly environments: readonly string[];
  /**
   * Environments whose account-wide prerequisites this stack creates: those keeping state here, except recovery
   * environments, which share their primary's account (IAM is global: a role is created once per account).
   */
  readonly accountRolesFor: readonly string[];
}

export function bootstrapId(region: string): string {
  return `bootstrap-${region}`;
}

/** The environment whose state bucket's bootstrap stack owns `env`'s account-wide roles. */
function accountOwner(environments: readonly EnvironmentConfig[], env: EnvironmentConfig): EnvironmentConfig {
  const primary = env.disasterRecovery && environments.find((e) => e.name === env.disasterRecovery!.primary);
  return primary ?? env;
}

/** Bootstrap stacks for the state buckets of `selected`, in the order the buckets first appear. */
export function bootstrapTargets(
  environments: readonly EnvironmentConfig[],
  selected: readonly EnvironmentConfig[] = environments,
): BootstrapTarget[] {
  const buckets = [...new Set(selected.map((e) => e.state.bucket))];
  return buckets.map((bucket) => {
    const users = environments.filter((e) => e.state.bucket === bucket);
    const region = users[0]!.state.region;
    return {
      id: bootstrapId(region),
      region,
      stateBucket: bucket,
      environments: users.map((e) => e.name),
      accountRolesFor: environments.filter((e) => accountOwner(environments, e).state.bucket === bucket).map((e) => e.name),
    };
  });
}

/** A bucket in two regions, or two buckets in one region, cannot map to one `bootstrap-<region>` stack each. */
export function checkBootstrap(environments: readonly EnvironmentConfig[]): Problem[] {
  const problems: Problem[] = [];
  const bucketByRegion = new Map<string, string>();
  const regionByBucket = new Map<string, string>();
  for (const env of environments) {
    const { bucket, region } = env.state;
    const knownRegion = regionByBucket.get(bucket);
    if (knownRegion !== undefined && knownRegion !== region) {
      problems.push({
        field: `${env.name}.state.region`,
        value: region,
        expected: `${knownRegion}, where another environment keeps state in bucket ${bucket} (a bucket lives in one region)`,
        fix: `set ${env.name}.state.region to ${knownRegion}, or name another bucket`,
      });
      continue;
    }
    const knownBucket = bucketByRegion.get(region);
    if (knownBucket !== undefined && knownBucket !== bucket) {
      problems.push({
        field: `${env.name}.state.bucket`,
        value: bucket,
        expected: `the state bucket of region ${region} (${knownBucket}): the kit bootstraps one state bucket per region`,
        fix: `keep ${env.name}'s state in ${knownBucket} (keys are per environment), or move it to another region's bucket`,
      });
      continue;
    }
    regionByBucket.set(bucket, region);
    bucketByRegion.set(region, bucket);
  }
  return problems;
}
