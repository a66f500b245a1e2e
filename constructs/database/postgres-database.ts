import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Construct } from "constructs";
import { checkDatabaseSizing, checkMultiAzPlacement } from "../../common/data-sizing";
import { throwIfProblems } from "../../common/problems";
import { DEFAULT_VERSIONS, VERSION_CATALOG, type PostgresVersion } from "../../common/versions";
import { awsContext } from "../core/aws-context";
import { EphemeralPassword } from "../core/ephemeral-password";
import { replaceWith } from "../core/replace-with";
import { serviceTrustPolicy } from "../iam/policy-document";
import type { EncryptionKey } from "../keys/encryption-key";
import type { Network } from "../network/network";
import type { DataService } from "../connections/client-security-group";
import { RoleGrants } from "../connections/role-grant";
import { DataSecurityGroup, type SecurityGroupPeer } from "../connections/security-group";
import { ServiceLogGroup } from "../connections/service-log-group";
import { checkDatabaseMonitoring, checkDatabaseNames, checkDatabaseUser, checkPasswordVersion } from "./validate";
import type { Grantee } from "../core/grantee";

/**
 * How the instance came to be:
 * - `new`: created empty, with its database and master user.
 * - `replica`: a cross-region read replica of `sourceArn` (pilot-light disaster recovery). It inherits the
 *   database, the master user and the engine from the source.
 * - `promoted`: a former replica, now standalone. Dropping `replicate_source_db` is what promotes it; the
 *   database and master user stay those of the source, and the same apply sets a new master password, written to
 *   a secret of this region's own (nothing of the source's region is needed).
 */
export type DatabaseOrigin =
  | { readonly kind: "new" }
  | { readonly kind: "replica"; readonly sourceArn: string }
  | { readonly kind: "promoted" };

export interface PostgresDatabaseProps {
  /** DB instance identifier, e.g. `aec-platform-prod-postgres`; also names its subnet group and log groups. */
  readonly identifier: string;
  /** The instance lives in the network's isolated data subnets. */
  readonly network: Network;
  /** Encrypts storage, snapshots and Performance Insights. */
  readonly storageKey: EncryptionKey;
  /** Encrypts the master credentials secret. */
  readonly secretKey: EncryptionKey;
  /** Encrypts the exported PostgreSQL and upgrade logs. */
  readonly logKey: EncryptionKey;
  /** e.g. `db.r8g.large`. */
  readonly instanceClass: string;
  /** @default DEFAULT_VERSIONS.postgres */
  readonly engineVersion?: PostgresVersion;
  /** gp3 storage at creation. @default 100 */
  readonly storageGiB?: number;
  /** Storage autoscaling ceiling. @default 1000 */
  readonly maxStorageGiB?: number;
  /** A synchronous standby in another AZ. @default true */
  readonly multiAz?: boolean;
  /** @default 30 */
  readonly backupRetentionDays?: number;
  /** Refuse deletion, keep a final snapshot and the automated backups when deleted anyway. @default true */
  readonly deletionProtection?: boolean;
  /** Statements slower than this are logged. @default 1000 */
  readonly slowQueryThresholdMs?: number;
  /** Retention of the exported logs (a CloudWatch Logs value). @default 365 */
  readonly logRetentionDays?: number;
  /** @default 7 */
  readonly performanceInsightsRetentionDays?: number;
  /** Enhanced monitoring granularity. @default 60 */
  readonly monitoringIntervalSeconds?: number;
  /** Database created with the instance. @default "app" */
  readonly databaseName?: string;
  /** Master user; its password is generated at apply time and kept in the master secret. @default "platform_admin" */
  readonly masterUsername?: string;
  /**
   * Generation of the master password. Raising it rotates the password: the next apply generates a new one and
   * writes it to the instance and to the master secret together. Ignored on a replica (it has the source's).
   * @default 1
   */
  readonly masterPasswordVersion?: number;
  /** @default { kind: "new" } */
  readonly origin?: DatabaseOrigin;
}

const DEFAULTS = {
  engineVersion: DEFAULT_VERSIONS.postgres,
  storageGiB: 100,
  maxStorageGiB: 1000,
  multiAz: true,
  backupRetentionDays: 30,
  deletionProtection: true,
  slowQueryThresholdMs: 1000,
  logRetentionDays: 365,
  performanceInsightsRetentionDays: 7,
  monitoringIntervalSeconds: 60,
  databaseName: "app",
  masterUsername: "platform_admin",
  masterPasswordVersion: 1,
  origin: { kind: "new" } as DatabaseOrigin,
} as const;

/** PostgreSQL listens here; clients elsewhere (the cluster's network policies) open it. */
export const POSTGRES_PORT = 5432;
const LOG_EXPORTS = ["postgresql", "upgrade"] as const;

/**
 * RDS for PostgreSQL in the isolated data subnets: encrypted with the database key, TLS forced, IAM
 * authentication on, Performance Insights, enhanced monitoring and log exports into encrypted log groups with
 * finite retention.
 *
 * Master credentials: not `manage_master_user_password`, because RDS refuses to create a read replica of an
 * instance whose password it manages in Secrets Manager, and the recovery region follows this instance with one.
 * Instead an ephemeral GetRandomPassword value is written, in the same apply, to the instance (`password_wo`) and
 * to a kit-owned secret (`secret_string_wo`, JSON `{username, password}`, encrypted with `secretKey`): both are
 * write-only, so neither state nor plan holds the password (Terraform >= 1.11).
 */
export class PostgresDatabase extends Construct implements DataService {
  readonly instance: DbInstance;
  readonly connections: DataSecurityGroup;
  readonly address: string;
  readonly port = POSTGRES_PORT;
  /** ARN of the secret holding the master credentials (JSON `{username, password}`); a replica has none of its own. */
  readonly masterSecretArn?: string;
  /** The master credentials secret; absent on a replica. */
  readonly masterSecret?: SecretsmanagerSecret;
  /** The secret's value: what reads the secret on the first deploy must wait for it, not only for the secret. */
  readonly masterSecretValue?: SecretsmanagerSecretVersion;
  readonly origin: DatabaseOrigin;
  private readonly grants = new RoleGrants(this);

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const p = {
      engineVersion: props.engineVersion ?? DEFAULTS.engineVersion,
      storageGiB: props.storageGiB ?? DEFAULTS.storageGiB,
      maxStorageGiB: props.maxStorageGiB ?? DEFAULTS.maxStorageGiB,
      multiAz: props.multiAz ?? DEFAULTS.multiAz,
      backupRetentionDays: props.backupRetentionDays ?? DEFAULTS.backupRetentionDays,
      deletionProtection: props.deletionProtection ?? DEFAULTS.deletionProtection,
      slowQueryThresholdMs: props.slowQueryThresholdMs ?? DEFAULTS.slowQueryThresholdMs,
      logRetentionDays: props.logRetentionDays ?? DEFAULTS.logRetentionDays,
      performanceInsightsRetentionDays: props.performanceInsightsRetentionDays ?? DEFAULTS.performanceInsightsRetentionDays,
      monitoringIntervalSeconds: props.monitoringIntervalSeconds ?? DEFAULTS.monitoringIntervalSeconds,
      databaseName: props.databaseName ?? DEFAULTS.databaseName,
      masterUsername: props.masterUsername ?? DEFAULTS.masterUsername,
      masterPasswordVersion: props.masterPasswordVersion ?? DEFAULTS.masterPasswordVersion,
    };
    const path = this.node.path;
    throwIfProblems("PostgresDatabase props", [
      ...checkDatabaseSizing(path, { ...p, instanceClass: props.instanceClass }),
      ...checkMultiAzPlacement(`${path}.multiAz`, p.multiAz, props.network.availabilityZones.length),
      ...checkDatabaseNames(path, { ...p, identifier: props.identifier }),
      ...checkDatabaseMonitoring(path, p.performanceInsightsRetentionDays, p.monitoringIntervalSeconds),
      ...checkPasswordVersion(`${path}.masterPasswordVersion`, p.masterPasswordVersion),
    ]);
    const ctx = awsContext(this);
    const version = VERSION_CATALOG.postgres[p.engineVersion];
    this.origin = props.origin ?? DEFAULTS.origin;
    const created = this.origin.kind === "new";
    const replica = this.origin.kind === "replica";
    const credentials = replica ? undefined : this.masterCredentials(props.identifier, props.secretKey);

    // RDS writes exports to these fixed names; creating them first gives them a key and a retention.
    const logGroups = LOG_EXPORTS.map(
      (log) =>
        new ServiceLogGroup(this, `log-${log}`, {
          name: `/aws/rds/instance/${props.identifier}/${log}`,
          retentionDays: p.logRetentionDays,
          key: props.logKey,
        }).logGroup,
    );
    const subnetGroup = new DbSubnetGroup(this, "subnet-group", {
      name: props.identifier,
      description: `${props.identifier}: isolated data subnets`,
      subnetIds: props.network.subnetIds("data"),
    });
    const parameters = new DbParameterGroup(this, "parameters", {
      namePrefix: `${props.identifier}-${version.parameterGroupFamily}-`,
      family: version.parameterGroupFamily,
      description: `${props.identifier}: TLS only, DDL and slow statements logged`,
      parameter: [
        { name: "rds.force_ssl", value: "1" },
        { name: "log_statement", value: "ddl" },
        { name: "log_min_duration_statement", value: String(p.slowQueryThresholdMs) },
      ],
      // A major upgrade needs a group of the new family before the old one can go.
      lifecycle: { createBeforeDestroy: true },
    });
    const monitoringRole = new IamRole(this, "monitoring-role", {
      namePrefix: "rds-monitoring-",
      description: `Enhanced monitoring of ${props.identifier}`,
      assumeRolePolicy: serviceTrustPolicy("monitoring.rds.amazonaws.com", ctx.accountId),
    });
    new IamRolePolicyAttachment(this, "monitoring-policy", {
      role: monitoringRole.name,
      policyArn: `arn:${ctx.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
    });
    this.connections = new DataSecurityGroup(this, "security-group", {
      name: props.identifier,
      service: "PostgreSQL",
      network: props.network,
      port: POSTGRES_PORT,
    });

    this.instance = new DbInstance(this, "instance", {
      identifier: props.identifier,
      engine: "postgres",
      // The major version only: RDS applies minor upgrades itself (autoMinorVersionUpgrade), and a pinned minor
      // would make every plan after such an upgrade try to downgrade. The catalog names the newest known minor.
      engineVersion: p.engineVersion,
      autoMinorVersionUpgrade: true,
      instanceClass: props.instanceClass,
      // Both are fixed at creation and would force a new instance if set on a replica or a promoted one.
      dbName: created ? p.databaseName : undefined,
      username: created ? p.masterUsername : undefined,
      replicateSourceDb: this.origin.kind === "replica" ? this.origin.sourceArn : undefined,
      passwordWo: credentials?.password.value,
      passwordWoVersion: credentials ? p.masterPasswordVersion : undefined,
      iamDatabaseAuthenticationEnabled: true,
      port: POSTGRES_PORT,
      storageType: "gp3",
      allocatedStorage: p.storageGiB,
      maxAllocatedStorage: p.maxStorageGiB,
      storageEncrypted: true,
      kmsKeyId: props.storageKey.arn,
      multiAz: p.multiAz,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [this.connections.securityGroup.id],
      publiclyAccessible: false,
      parameterGroupName: parameters.name,
      caCertIdentifier: "rds-ca-rsa2048-g1",
      backupRetentionPeriod: p.backupRetentionDays,
      // Promotion happens at once, but the provider sends the rest (Multi-AZ above all) without ApplyImmediately,
      // which RDS would defer to the maintenance window: up to a week single-AZ after a failover.
      applyImmediately: this.origin.kind === "promoted" ? true : undefined,
      // UTC; night in the primary region, and the two windows never overlap.
      backupWindow: "08:00-09:00",
      maintenanceWindow: "sun:09:30-sun:10:30",
      copyTagsToSnapshot: true,
      deletionProtection: p.deletionProtection,
      // RDS refuses a final snapshot of a read replica (and the provider says not to name one): a replica is
      // deleted without; its data lives on in the source. Promotion turns the final snapshot on in place.
      skipFinalSnapshot: replica || !p.deletionProtection,
      finalSnapshotIdentifier: p.deletionProtection && !replica ? `${props.identifier}-final` : undefined,
      deleteAutomatedBackups: !p.deletionProtection,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.storageKey.arn,
      performanceInsightsRetentionPeriod: p.performanceInsightsRetentionDays,
      monitoringInterval: p.monitoringIntervalSeconds,
      monitoringRoleArn: monitoringRole.arn,
      enabledCloudwatchLogsExports: [...LOG_EXPORTS],
      dependsOn: logGroups,
    });
    this.address = this.instance.address;
    if (credentials) {
      this.masterSecret = credentials.secret;
      this.masterSecretArn = credentials.secret.arn;
      this.masterSecretValue = new SecretsmanagerSecretVersion(this, "master-secret-value", {
        secretId: credentials.secret.id,
        secretStringWo: `\${jsonencode({ username = ${JSON.stringify(p.masterUsername)}, password = ${credentials.password.expression} })}`,
        secretStringWoVersion: p.masterPasswordVersion,
        // Written once the instance has accepted the same password, so the secret never names one it refuses.
        dependsOn: [this.instance],
      });
      // A replaced instance is created with this run's password: the secret must take the same one.
      replaceWith(this.masterSecretValue, this.instance);
    }
  }

  /** The master secret and the password that the instance and the secret receive in the same apply. */
  private masterCredentials(identifier: string, key: EncryptionKey) {
    const password = new EphemeralPassword(this, "master-password");
    const secret = new SecretsmanagerSecret(this, "master-secret", {
      // A prefix, not a fixed name: a deleted secret keeps its name for the recovery window, and a rebuilt
      // environment (or a promoted replica in another stack) must not wait for it.
      namePrefix: `${identifier}/master-`,
      description: `Master user of ${identifier} (JSON: username, password)`,
      kmsKeyId: key.arn,
      recoveryWindowInDays: 30,
    });
    return { password, secret };
  }

  allowFrom(peer: SecurityGroupPeer, description?: string): void {
    this.connections.allowFrom(peer, description);
  }

  /** Lets `grantee` sign in as database user `dbUser` with an IAM token (the user needs `GRANT rds_iam`). */
  grantConnect(grantee: Grantee, dbUser: string): IamRolePolicy {
    throwIfProblems(`PostgresDatabase grant at ${this.node.path}`, checkDatabaseUser("dbUser", dbUser));
    const { partition, region, accountId } = awsContext(this);
    return this.grants.grant(
      grantee,
      "connect",
      [
        {
          Effect: "Allow",
          Action: "rds-db:connect",
          Resource: `arn:${partition}:rds-db:${region}:${accountId}:dbuser:${this.instance.resourceId}/${dbUser}`,
        },
      ],
      dbUser,
    );
  }
}
