import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { ElasticacheUserGroup } from "@cdktf/provider-aws/lib/elasticache-user-group";
import type { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { checkCacheSizing, checkMultiAzPlacement, type CacheClusterMode } from "../../common/data-sizing";
import { throwIfProblems, type Problem } from "../../common/problems";
import { DEFAULT_VERSIONS, VERSION_CATALOG, type ValkeyVersion } from "../../common/versions";
import type { EncryptionKey } from "../keys/encryption-key";
import type { Network } from "../network/network";
import type { DataService } from "../connections/client-security-group";
import { RoleGrants } from "../connections/role-grant";
import { DataSecurityGroup, type SecurityGroupPeer } from "../connections/security-group";
import { ServiceLogGroup } from "../connections/service-log-group";
import type { Grantee } from "../core/grantee";

export interface ValkeyCacheProps {
  /** Replication group id (at most 40 characters), e.g. `aec-platform-prod-cache`; prefixes the user ids. */
  readonly name: string;
  /** Nodes live in the network's isolated data subnets. */
  readonly network: Network;
  /** Encrypts data at rest and snapshots. */
  readonly key: EncryptionKey;
  /** Encrypts the slow-log group. */
  readonly logKey: EncryptionKey;
  /** e.g. `cache.r7g.large`. */
  readonly nodeType: string;
  /** @default DEFAULT_VERSIONS.valkey */
  readonly engineVersion?: ValkeyVersion;
  /** @default "enabled" */
  readonly clusterMode?: CacheClusterMode;
  /** @default 3 */
  readonly shards?: number;
  /** @default 1 */
  readonly replicasPerShard?: number;
  /** @default true */
  readonly automaticFailover?: boolean;
  /** Replicas in other AZs than their primary. @default true */
  readonly multiAz?: boolean;
  /** @default 7 */
  readonly snapshotRetentionDays?: number;
  /** Take a final snapshot when the cache is deleted. @default true */
  readonly deletionProtection?: boolean;
  /** Retention of the slow log (a CloudWatch Logs value). @default 365 */
  readonly logRetentionDays?: number;
}

const DEFAULTS = {
  engineVersion: DEFAULT_VERSIONS.valkey,
  clusterMode: "enabled",
  shards: 3,
  replicasPerShard: 1,
  automaticFailover: true,
  multiAz: true,
  snapshotRetentionDays: 7,
  deletionProtection: true,
  logRetentionDays: 365,
} as const;

/** Valkey listens here (TLS); clients elsewhere open it. */
export const VALKEY_PORT = 6379;
const GROUP_ID = /^[a-z](?!.*--)[a-z0-9-]{0,35}[a-z0-9]$/;

/**
 * ElastiCache for Valkey: TLS required, encrypted at rest with the cache key, slow log into an encrypted group.
 *
 * Authentication is an RBAC user with IAM authentication: clients sign a short-lived token with their role's
 * credentials (`grantConnect`), so no password or auth token exists anywhere, in state or in Secrets Manager.
 * The user group holds only that user: ElastiCache rejects a Valkey group holding a user without a password or
 * IAM authentication (such as a disabled `no-password-required` default user, which Redis OSS groups require).
 */
export class ValkeyCache extends Construct implements DataService {
  readonly replicationGroup: ElasticacheReplicationGroup;
  readonly connections: DataSecurityGroup;
  readonly port = VALKEY_PORT;
  /** Configuration endpoint in cluster mode, primary endpoint otherwise. */
  readonly endpoint: string;
  readonly clusterMode: CacheClusterMode;
  /** RBAC user (and IAM token user) the application signs in as. */
  readonly appUser: ElasticacheUser;
  private readonly grants = new RoleGrants(this);

  constructor(scope: Construct, id: string, props: ValkeyCacheProps) {
    super(scope, id);
    const p = {
      engineVersion: props.engineVersion ?? DEFAULTS.engineVersion,
      clusterMode: props.clusterMode ?? DEFAULTS.clusterMode,
      shards: props.shards ?? DEFAULTS.shards,
      replicasPerShard: props.replicasPerShard ?? DEFAULTS.replicasPerShard,
      automaticFailover: props.automaticFailover ?? DEFAULTS.automaticFailover,
      multiAz: props.multiAz ?? DEFAULTS.multiAz,
      snapshotRetentionDays: props.snapshotRetentionDays ?? DEFAULTS.snapshotRetentionDays,
      deletionProtection: props.deletionProtection ?? DEFAULTS.deletionProtection,
      logRetentionDays: props.logRetentionDays ?? DEFAULTS.logRetentionDays,
    };
    const azs = props.network.availabilityZones.length;
    const problems: Problem[] = [
      ...checkCacheSizing(this.node.path, { ...p, nodeType: props.nodeType }, p),
      ...checkMultiAzPlacement(`${this.node.path}.multiAz`, p.multiAz, azs),
    ];
    if (!GROUP_ID.test(props.name)) {
      problems.push({
        field: `${this.node.path}.name`,
        value: props.name,
        expected: "2-37 lower-case letters, digits and single dashes, starting with a letter (the app user adds 4)",
        fix: 'e.g. "aec-platform-prod-cache"',
      });
    }
    throwIfProblems("ValkeyCache props", problems);
    this.clusterMode = p.clusterMode;
    const family = VERSION_CATALOG.valkey[p.engineVersion].parameterGroupFamily;

    const slowLog = new ServiceLogGroup(this, "slow-log", {
      name: slowLogGroupName(props.name),
      retentionDays: p.logRetentionDays,
      key: props.logKey,
    });
    const subnetGroup = new ElasticacheSubnetGroup(this, "subnet-group", {
      name: props.name,
      description: `${props.name}: isolated data subnets`,
      subnetIds: props.network.subnetIds("data"),
    });
    this.appUser = new ElasticacheUser(this, "app-user", {
      // IAM authentication requires the user id and the user name to be the same.
      userId: `${props.name}-app`,
      userName: `${props.name}-app`,
      engine: "valkey",
      accessString: "on ~* &* +@all -@dangerous",
      authenticationMode: { type: "iam" },
    });
    const userGroup = new ElasticacheUserGroup(this, "user-group", {
      userGroupId: props.name,
      engine: "valkey",
      // Valkey groups take only password or IAM users and need no "default" user (Redis OSS groups do); with
      // none in the group, a connection that has not authenticated as the app user can run nothing.
      userIds: [this.appUser.userId],
    });
    this.connections = new DataSecurityGroup(this, "security-group", {
      name: props.name,
      service: "Valkey",
      network: props.network,
      port: VALKEY_PORT,
    });

    const enabled = p.clusterMode === "enabled";
    this.replicationGroup = new ElasticacheReplicationGroup(this, "replication-group", {
      replicationGroupId: props.name,
      description: `${props.name}: Valkey ${p.engineVersion}, ${p.shards} shard(s) x ${p.replicasPerShard} replica(s)`,
      engine: "valkey",
      engineVersion: p.engineVersion,
      autoMinorVersionUpgrade: "true",
      nodeType: props.nodeType,
      port: VALKEY_PORT,
      parameterGroupName: enabled ? `default.${family}.cluster.on` : `default.${family}`,
      clusterMode: p.clusterMode,
      ...(enabled
        ? { numNodeGroups: p.shards, replicasPerNodeGroup: p.replicasPerShard }
        : { numCacheClusters: 1 + p.replicasPerShard }),
      automaticFailoverEnabled: p.automaticFailover,
      multiAzEnabled: p.multiAz,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [this.connections.securityGroup.id],
      atRestEncryptionEnabled: "true",
      kmsKeyId: props.key.arn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      userGroupIds: [userGroup.userGroupId],
      snapshotRetentionLimit: p.snapshotRetentionDays,
      // UTC; the snapshot window ends before the maintenance window starts.
      snapshotWindow: "06:00-07:00",
      maintenanceWindow: "sun:07:30-sun:08:30",
      finalSnapshotIdentifier: p.deletionProtection ? `${props.name}-final` : undefined,
      logDeliveryConfiguration: [
        {
          destination: slowLog.name,
          destinationType: "cloudwatch-logs",
          logFormat: "json",
          logType: "slow-log",
        },
      ],
      dependsOn: [slowLog.logGroup],
    });
    this.endpoint = enabled
      ? this.replicationGroup.configurationEndpointAddress
      : this.replicationGroup.primaryEndpointAddress;
  }

  allowFrom(peer: SecurityGroupPeer, description?: string): void {
    this.connections.allowFrom(peer, description);
  }

  /** Lets `grantee` sign IAM tokens for the app user (`elasticache:Connect` on this cache and that user only). */
  grantConnect(grantee: Grantee): IamRolePolicy {
    return this.grants.grant(grantee, "connect", [
      {
        Effect: "Allow",
        Action: "elasticache:Connect",
        Resource: [this.replicationGroup.arn, this.appUser.arn],
      },
    ]);
  }
}

export function slowLogGroupName(cacheName: string): string {
  return `/${cacheName.replace(/-/g, "/")}/slow-log`;
}
