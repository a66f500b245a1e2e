// Typed environment definitions. Pure data: no cdktf, so the kit's configuration outlives the CDK it runs on.
import type { DeliveryConfig } from "../common/delivery";
import type { HandlerSettings } from "../common/handlers";
import type { NetworkPlan } from "../common/network";
import type { SecurityServicesConfig } from "../common/security-services";
import type { ClusterSettings } from "./cluster";
import type { DataTierConfig } from "./data-types";

export type { InterfaceEndpointService, NatMode, SubnetsByAz, SubnetTier } from "../common/network";

/** Regions the kit knows the availability zones of. Add one here (with its AZ names) before using it. */
export const KNOWN_REGIONS = {
  "us-east-1": ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f"],
  "us-east-2": ["us-east-2a", "us-east-2b", "us-east-2c"],
  "us-west-2": ["us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"],
  "eu-west-1": ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
  "eu-central-1": ["eu-central-1a", "eu-central-1b", "eu-central-1c"],
} as const satisfies Record<string, readonly string[]>;

export type AwsRegion = keyof typeof KNOWN_REGIONS;

/** The environment's VPC; every AZ of the environment needs one subnet in every tier. */
export type NetworkConfig = NetworkPlan;

/** Where Terraform state lives for this environment's stacks. Keep the DR environment's state out of the primary region. */
export interface StateConfig {
  readonly bucket: string;
  readonly region: AwsRegion;
}

/**
 * - `prepare`: the first deploy into a fresh account only. What the primary replicates into (network, keys,
 *   buckets, security services) and no database: the primary's database, which the replica follows, does not
 *   exist yet. Deploy the primary next, then this environment in `standby`.
 * - `standby`: pilot light. Network, keys, replica buckets and a cross-region database replica; no cluster,
 *   cache, broker or handlers running.
 * - `failover`: the full platform in this region, the database replica promoted to a standalone primary.
 */
export type DrMode = "prepare" | "standby" | "failover";
export const DR_MODES: readonly DrMode[] = ["prepare", "standby", "failover"];

/** Marks an environment as the disaster-recovery copy of another one, in another region. */
export interface DisasterRecoveryConfig {
  /** Name of the environment this one stands in for, e.g. "prod". */
  readonly primary: string;
  /** Overridden at synth by PLATFORM_DR_MODE, so failing over needs no code change. */
  readonly mode: DrMode;
}

export interface EnvironmentConfig {
  /** Short lower-case name used in stack ids (`<name>-platform`) and resource names. */
  readonly name: string;
  readonly region: AwsRegion;
  /** AZs to spread subnets over, e.g. ["us-west-2a", "us-west-2b", "us-west-2c"]. */
  readonly availabilityZones: readonly string[];
  /** Ask for Multi-AZ deployments of the stateful services (needs at least two AZs). */
  readonly multiAz: boolean;
  /** Protect stateful resources from `terraform destroy` and keep final snapshots. */
  readonly deletionProtection: boolean;
  /** A production environment: turning off one of its security services warns at synth. */
  readonly production: boolean;
  /** Account- and region-wide security services; an omitted one is on. @default every service on */
  readonly securityServices?: SecurityServicesConfig;
  /** Retention of the platform's CloudWatch log groups, in days. */
  readonly logRetentionDays: number;
  readonly network: NetworkConfig;
  /** Sizes of the stateful services (database, cache, broker, buckets); see config/data-types.ts. */
  readonly data: DataTierConfig;
  /** The Kubernetes layer: version, API endpoint, node groups, monitoring and alert routing (config/cluster.ts). */
  readonly cluster: ClusterSettings;
  /** The Lambda handlers: functions, ingestion queue, HTTP API and alarms (common/handlers.ts). */
  readonly handlers: HandlerSettings;
  readonly state: StateConfig;
  /** What this environment's bootstrap stack must know about its account. @default a fresh account */
  readonly bootstrap?: BootstrapConfig;
  /** Present on a disaster-recovery environment. @default not a DR environment */
  readonly disasterRecovery?: DisasterRecoveryConfig;
  /** AWS account ids Terraform may touch for this environment; guards against deploying with the wrong profile. */
  readonly allowedAccountIds?: readonly string[];
}

/** What the bootstrap stack of an environment's account (`<env>-bootstrap`) must know beyond the environment. */
export interface BootstrapConfig {
  /**
   * Service principals whose service-linked role already exists in this environment's account (check with
   * `aws iam get-role --role-name AWSServiceRoleForAutoScaling`): the bootstrap stack imports them instead of
   * creating them, since creating one that exists fails. Only on the environment whose bootstrap stack creates the
   * account's roles (a recovery environment's account is its primary's). e.g. `["autoscaling.amazonaws.com"]`.
   * @default [] (a fresh account: create them all)
   */
  readonly adoptServiceLinkedRoles?: readonly string[];
  /**
   * Whether the account's GitHub OIDC provider exists already (IAM allows one per URL and account; check with
   * `aws iam list-open-id-connect-providers`): `existing` references it instead of creating it. Only on the
   * environment whose bootstrap stack creates the account's roles. @default "create"
   */
  readonly githubOidcProvider?: "create" | "existing";
}

export interface ProjectConfig {
  /** Project tag and resource-name prefix. */
  readonly project: string;
  readonly environments: readonly EnvironmentConfig[];
  /**
   * GitHub Actions' access: the bootstrap stacks create an OIDC provider per account and a plan and a deploy role
   * per environment, trusted only for this repository. @default none: no pipeline roles
   */
  readonly delivery?: DeliveryConfig;
}
