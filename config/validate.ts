import { overlaps, parseCidr } from "../common/cidr";
import { throwIfProblems, type Problem } from "../common/problems";
import { checkClusterSettings } from "./cluster";
import { checkDataTier } from "./data-validate";
import { checkHandlerSettings } from "./handlers";
import { checkSection } from "./section";
import { checkRetention } from "../common/log-retention";
import { checkLokiLogs } from "../common/loki";
import { checkNetwork } from "../common/network";
import { KNOWN_REGIONS, type EnvironmentConfig, type ProjectConfig, type StateConfig } from "./types";
import { SECURITY_SERVICES } from "../common/security-services";
import { checkDelivery } from "../common/delivery";
import { accountOf, bootstrapTargets, checkBootstrap } from "./bootstrap";
import { checkDisasterRecovery } from "./disaster-recovery";

const NAME_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;
const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ACCOUNT_PATTERN = /^\d{12}$/;

/** Every problem in the project's configuration; an empty list means it is valid. */
export function checkProject(config: ProjectConfig): Problem[] {
  const problems: Problem[] = [];
  if (!NAME_PATTERN.test(config.project)) {
    problems.push({
      field: "project",
      value: config.project,
      expected: "lower-case letters, digits and dashes, starting with a letter, at most 20 characters",
      fix: 'rename it, e.g. "aec-platform"',
    });
  }
  if (config.environments.length === 0) {
    problems.push({ field: "environments", value: [], expected: "at least one environment", fix: "add one" });
  }
  const names = new Set<string>();
  const environments: EnvironmentConfig[] = [];
  config.environments.forEach((given, i) => {
    const named = typeof given.name === "string";
    if (!named || !NAME_PATTERN.test(given.name)) {
      problems.push({
        field: named ? `${given.name}.name` : `environments[${i}].name`,
        value: given.name,
        expected: "lower-case letters, digits and dashes, starting with a letter, at most 20 characters",
        fix: named ? 'rename it, e.g. "prod-dr"' : 'name it, e.g. "qa"',
      });
    }
    // Without a name, it is known by its position, so that its other problems say which environment they are in.
    const env = named ? given : { ...given, name: `environments[${i}]` };
    environments.push(env);
    if (names.has(env.name)) {
      problems.push({
        field: `environments[${env.name}].name`,
        value: env.name,
        expected: "a name no other environment uses (it becomes the stack id prefix and state key)",
        fix: "rename one of the two environments",
      });
    }
    names.add(env.name);
    problems.push(...checkEnvironment(env), ...checkDataTier(config.project, env));
  });
  // The checks across environments read their network and state blocks: a missing one is reported above.
  const withState = environments.filter((e) => e.state);
  problems.push(...checkVpcOverlaps(environments.filter((e) => e.network)));
  problems.push(...checkDisasterRecovery(environments));
  problems.push(...checkBootstrap(withState));
  problems.push(...checkAdoptedRoles(withState));
  if (config.delivery) problems.push(...checkDelivery("delivery", config.delivery, config.project, environments.map((e) => e.name)));
  return problems;
}

export function assertValidProject(config: ProjectConfig): void {
  throwIfProblems("platform configuration", checkProject(config));
}

export function checkEnvironment(env: EnvironmentConfig): Problem[] {
  const problems: Problem[] = [];
  const at = (field: string) => `${env.name}.${field}`;
  for (const flag of ["production", "multiAz", "deletionProtection"] as const) {
    if (typeof env[flag] !== "boolean") {
      problems.push({ field: at(flag), value: env[flag], expected: "true or false", fix: `set ${flag} explicitly` });
    }
  }
  // A production environment is held to production settings whatever its own flags say.
  for (const flag of ["multiAz", "deletionProtection"] as const) {
    if (env.production === true && env[flag] === false) {
      problems.push({
        field: at(flag),
        value: env[flag],
        expected: "true in a production environment (production: true)",
        fix: `set ${flag}: true, or production: false if this environment is not production`,
      });
    }
  }
  if (env.cluster?.monitoring) {
    problems.push(...checkLokiLogs(at("cluster.monitoring.logs"), env.cluster.monitoring.logs, env.production === true));
  }
  const regionAzs: readonly string[] | undefined = (KNOWN_REGIONS as Record<string, readonly string[]>)[env.region];
  if (!regionAzs) {
    problems.push({
      field: at("region"),
      value: env.region,
      expected: `a known region (${Object.keys(KNOWN_REGIONS).join(", ")})`,
      fix: "fix the spelling, or add the region and its AZ names to KNOWN_REGIONS in config/types.ts",
    });
  }
  const availabilityZones = Array.isArray(env.availabilityZones) ? env.availabilityZones : [];
  availabilityZones.forEach((az, i) => {
    if (regionAzs && !regionAzs.includes(az)) {
      problems.push({
        field: `${at("availabilityZones")}[${i}]`,
        value: az,
        expected: `an AZ of ${env.region} (${regionAzs.join(", ")})`,
        fix: `use an AZ name that starts with ${env.region}`,
      });
    }
    if (availabilityZones.indexOf(az) !== i) {
      problems.push({
        field: `${at("availabilityZones")}[${i}]`,
        value: az,
        expected: "each AZ at most once",
        fix: `remove the repeated "${az}"`,
      });
    }
  });
  if (availabilityZones.length === 0) {
    problems.push({
      field: at("availabilityZones"),
      value: env.availabilityZones,
      expected: "at least one availability zone",
      fix: `list the AZs to use, e.g. ["${env.region}a", "${env.region}b"]`,
    });
  } else if (env.multiAz && new Set(availabilityZones).size < 2) {
    problems.push({
      field: at("availabilityZones"),
      value: env.availabilityZones,
      expected: "at least 2 availability zones, because multiAz is true",
      fix: "add a second AZ, or set multiAz: false",
    });
  }
  problems.push(...checkRetention(at("logRetentionDays"), env.logRetentionDays));
  problems.push(
    ...checkSection(at("network"), env.network, "the environment's VPC: vpcCidr, subnets, nat, interfaceEndpoints, flowLogRetentionDays", (network) =>
      checkNetwork(at("network"), network, availabilityZones),
    ),
    ...checkSection(at("state"), env.state, "where Terraform state lives: { bucket, region }", (state) => checkState(at("state"), state)),
    ...checkRunningSettings(env),
  );
  for (const [service, on] of Object.entries(env.securityServices ?? {})) {
    if (!(SECURITY_SERVICES as readonly string[]).includes(service) || typeof on !== "boolean") {
      problems.push({
        field: at(`securityServices.${service}`),
        value: on,
        expected: `true or false for one of ${SECURITY_SERVICES.join(", ")}`,
        fix: "fix the service name, or remove the entry to keep the service on",
      });
    }
  }
  (env.allowedAccountIds ?? []).forEach((id, i) => {
    if (!ACCOUNT_PATTERN.test(id)) {
      problems.push({
        field: `${at("allowedAccountIds")}[${i}]`,
        value: id,
        expected: "a 12-digit AWS account id",
        fix: "copy the id from `aws sts get-caller-identity`",
      });
    }
  });
  return problems;
}

function checkState(path: string, state: StateConfig): Problem[] {
  const problems: Problem[] = [];
  if (typeof state.bucket !== "string" || !BUCKET_PATTERN.test(state.bucket)) {
    problems.push({
      field: `${path}.bucket`,
      value: state.bucket,
      expected: "an S3 bucket name: 3-63 lower-case letters, digits, dots and dashes",
      fix: "name the existing bucket that holds Terraform state",
    });
  }
  if (!(state.region in KNOWN_REGIONS)) {
    problems.push({
      field: `${path}.region`,
      value: state.region,
      expected: `a known region (${Object.keys(KNOWN_REGIONS).join(", ")})`,
      fix: "give the region of the state bucket",
    });
  }
  return problems;
}

/** The cluster and handler settings of an environment: what its stacks read besides the constructs' own props. */
export function checkRunningSettings(env: EnvironmentConfig): Problem[] {
  const at = (field: string) => `${env.name}.${field}`;
  return [
    ...checkSection(at("cluster"), env.cluster, "the environment's cluster settings (kubernetesVersion, endpoint, adminRoleArns, nodeGroups, monitoring)", (cluster) =>
      checkClusterSettings(at("cluster"), cluster),
    ),
    ...checkSection(at("handlers"), env.handlers, "the environment's handler settings (runtime, logLevel, functions, ingestion, api, alarms)", (handlers) =>
      checkHandlerSettings(at("handlers"), handlers),
    ),
  ];
}

/** VPCs of different environments must not overlap, so that any two can be peered or joined to a transit gateway. */
function checkVpcOverlaps(environments: readonly EnvironmentConfig[]): Problem[] {
  const problems: Problem[] = [];
  const seen: { name: string; cidr: NonNullable<ReturnType<typeof parseCidr>> }[] = [];
  for (const env of environments) {
    const cidr = parseCidr(env.network.vpcCidr);
    if (!cidr) continue;
    const clash = seen.find((s) => overlaps(s.cidr, cidr));
    if (clash) {
      problems.push({
        field: `${env.name}.network.vpcCidr`,
        value: env.network.vpcCidr,
        expected: `a range that overlaps no other environment's VPC (it overlaps ${clash.name}: ${clash.cidr.text})`,
        fix: "give each environment its own /16, e.g. 10.<n>.0.0/16",
      });
    }
    seen.push({ name: env.name, cidr });
  }
  return problems;
}

const SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.amazonaws\.com$/;

/** Adopting roles is the business of the environment whose bootstrap stack creates its account's roles. */
function checkAdoptedRoles(environments: readonly EnvironmentConfig[]): Problem[] {
  const problems: Problem[] = [];
  const owners = bootstrapTargets(environments).filter((t) => t.accountRolesFor.length > 0).map((t) => t.environment);
  for (const env of environments) {
    const services = env.bootstrap?.adoptServiceLinkedRoles ?? [];
    const field = `${env.name}.bootstrap.adoptServiceLinkedRoles`;
    if (services.length > 0 && !owners.includes(env.name)) {
      const owner = environments.find((e) => owners.includes(e.name) && accountOf(environments, e) === accountOf(environments, env));
      problems.push({
        field,
        value: services,
        expected: `nothing: another environment's bootstrap stack creates this account's roles (${owner?.name ?? owners.join(", ")})`,
        fix: `move the list to ${owner?.name ?? "the environment that stands for the account"} (a recovery environment uses its primary's)`,
      });
    }
    for (const service of services.filter((s) => !SERVICE_PRINCIPAL.test(s))) {
      problems.push({
        field,
        value: service,
        expected: "a service principal such as autoscaling.amazonaws.com",
        fix: "name the service whose service-linked role already exists in the account",
      });
    }
  }
  return problems;
}
