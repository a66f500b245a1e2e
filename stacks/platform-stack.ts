import type { Construct } from "constructs";
import { throwIfProblems } from "../common/problems";
import { DEFAULT_BROKER } from "../config/data-types";
import { counterpartOf, type RecoveryRole } from "../config/disaster-recovery";
import { checkRunningSettings } from "../config/validate";
import { ValkeyCache } from "../constructs/cache/valkey-cache";
import { KubernetesCluster } from "../constructs/cluster/kubernetes-cluster";
import { awsContext } from "../constructs/core/aws-context";
import { DataClientsSecurityGroup } from "../constructs/connections/client-security-group";
import { PostgresDatabase, type DatabaseOrigin } from "../constructs/database/postgres-database";
import { PlatformHandlers } from "../constructs/handlers/platform-handlers";
import { ReplicaLagAlarm } from "../constructs/database/replica-lag-alarm";
import { PlatformKeys } from "../constructs/keys/platform-keys";
import { createMessageBroker, type MessageBroker } from "../constructs/messaging/message-broker";
import { Network } from "../constructs/network/network";
import { SecurityServices } from "../constructs/security/security-services";
import { BucketReplication } from "../constructs/storage/bucket-replication";
import { LokiBucket } from "../constructs/storage/loki-bucket";
import { PlatformBuckets } from "../constructs/storage/platform-buckets";
import { EnvironmentStack, type EnvironmentStackProps } from "./environment-stack";
import { keepFailoverLogGroups } from "./failover-log-groups";
import { platformContract, type PlatformContract } from "./platform-contract";
import { addPlatformOutputs } from "./platform-outputs";
import { roleGrantee } from "../constructs/core/grantee";
import { WorkloadIdentity } from "../constructs/workloads/workload-identity";
import { FILE_EVENTS_TOPIC } from "../constructs/handlers/handler-environment";

export interface PlatformStackProps extends EnvironmentStackProps {
  /** The environment's part in disaster recovery. @default { kind: "none" } */
  readonly recovery?: RecoveryRole;
  /** The names this stack gives what other stacks rely on. @default platformContract(project, environment) */
  readonly contract?: PlatformContract;
  /**
   * The contract of the environment on the other side of disaster recovery (the recovery environment of a primary,
   * the primary of a recovery environment), whose buckets, keys or database this stack names.
   * @default platformContract(project, that environment)
   */
  readonly peerContract?: PlatformContract;
}

/** Purposes of the buckets replicated to the recovery region. */
const REPLICATED_BUCKETS = ["documents", "backups"] as const;

/**
 * `<env>-platform`: the network, the stateful services, the EKS cluster and the account's security services.
 * What runs inside the cluster lives in `<env>-cluster-addons`. A recovery environment in standby holds only
 * what must exist before a disaster: network, keys, replica buckets and the database replica.
 */
export class PlatformStack extends EnvironmentStack {
  readonly recovery: RecoveryRole;
  readonly contract: PlatformContract;
  /** Present when another environment stands in for this one, or this one for another. */
  readonly peerContract?: PlatformContract;
  readonly keys: PlatformKeys;
  readonly network: Network;
  readonly buckets: PlatformBuckets;
  /** Absent only while a recovery environment is prepared (its source database does not exist yet). */
  readonly database?: PostgresDatabase;
  /** Attach to EKS nodes and Lambdas that use the database, cache or broker. */
  readonly dataClients: DataClientsSecurityGroup;
  readonly security: SecurityServices;
  /** Absent in a standby recovery environment, like the cluster and the broker. */
  readonly cache?: ValkeyCache;
  readonly broker?: MessageBroker;
  readonly cluster?: KubernetesCluster;
  /** Loki's chunks and index, where the cluster runs and its logs are `simple-scalable`. */
  readonly lokiBucket?: LokiBucket;
  /** Lambda handlers (ingestion, query, migrate); absent where the cache and broker are (standby). */
  readonly handlers?: PlatformHandlers;
  /** The processing worker's AWS half (role, Pod Identity association, grants); present with the cluster. */
  readonly processingWorker?: WorkloadIdentity;
  /** Only in standby: the recovery point depends on the replica keeping up. */
  readonly replicaLag?: ReplicaLagAlarm;

  constructor(scope: Construct, props: PlatformStackProps) {
    super(scope, "platform", props);
    const env = this.environment;
    // buildPlatform validated the whole configuration; a stack built on its own checks what it reads beyond the constructs.
    throwIfProblems(`settings of ${env.name}`, checkRunningSettings(env));
    this.recovery = props.recovery ?? { kind: "none" };
    const contract = (this.contract = props.contract ?? platformContract(this.project, env));
    const peer = counterpartOf(this.recovery);
    this.peerContract = peer && (props.peerContract ?? platformContract(this.project, peer));
    const running = this.recovery.kind !== "standby" && this.recovery.kind !== "prepare";
    this.keys = new PlatformKeys(this, "keys", { aliasPrefix: contract.namePrefix });
    this.network = new Network(this, "network", {
      name: this.namePrefix,
      vpcCidr: env.network.vpcCidr,
      availabilityZones: env.availabilityZones,
      subnets: env.network.subnets,
      // Pilot light: nothing in standby calls out, so NAT gateways and interface endpoints (billed by the hour)
      // wait for failover, which adds them without touching what exists.
      nat: running ? env.network.nat : "none",
      interfaceEndpoints: running ? env.network.interfaceEndpoints : [],
      flowLogRetentionDays: env.network.flowLogRetentionDays,
      flowLogKey: this.keys.byClass.logs,
      clusterNames: [contract.clusterName],
    });

    const keys = this.keys.byClass;
    const data = env.data;
    this.buckets = new PlatformBuckets(this, "buckets", {
      namePrefix: contract.namePrefix,
      nameSuffix: contract.bucketNameSuffix,
      key: keys.storage,
      noncurrentVersionExpirationDays: data.storage.noncurrentVersionExpirationDays,
      accessLogExpirationDays: data.storage.accessLogExpirationDays,
      // Unprotected environments are rebuilt often; their buckets may go with them.
      forceDestroy: !env.deletionProtection,
    });
    const database = this.recovery.kind === "prepare" ? undefined : new PostgresDatabase(this, "database", {
      identifier: contract.databaseIdentifier,
      network: this.network,
      storageKey: keys.database,
      secretKey: keys.secrets,
      logKey: keys.logs,
      ...data.database,
      // A standby replica only has to keep up; its Multi-AZ standby is added when it is promoted.
      multiAz: running && env.multiAz,
      deletionProtection: env.deletionProtection,
      logRetentionDays: env.logRetentionDays,
      origin: this.databaseOrigin(),
    });
    this.database = database;
    this.dataClients = new DataClientsSecurityGroup(this, "data-clients", {
      name: `${this.namePrefix}-data-clients`,
      network: this.network,
    });
    if (database) this.dataClients.connectTo(database);
    if (this.recovery.kind === "standby" && database) {
      this.replicaLag = new ReplicaLagAlarm(this, "replica-lag", {
        replica: database,
        topicName: `${this.namePrefix}-replica-lag`,
        topicKey: keys.secrets,
      });
    }

    const { cacheName, brokerName, clusterName } = contract;
    const brokerConfig = data.broker ?? DEFAULT_BROKER;
    if (!running) {
      const kafkaName = brokerConfig.kind === "kafka" ? brokerName : undefined;
      keepFailoverLogGroups(this, { namePrefix: this.namePrefix, cacheName, clusterName, kafkaName }, keys.logs, env.logRetentionDays);
    }
    if (running && database) {
      this.cache = new ValkeyCache(this, "cache", {
        name: cacheName,
        network: this.network,
        key: keys.cache,
        logKey: keys.logs,
        ...data.cache,
        multiAz: env.multiAz,
        deletionProtection: env.deletionProtection,
        logRetentionDays: env.logRetentionDays,
      });
      this.broker = createMessageBroker(this, "broker", {
        broker: brokerConfig,
        name: brokerName,
        network: this.network,
        dataKey: keys.cache,
        secretKey: keys.secrets,
        logKey: keys.logs,
        multiAz: env.multiAz,
        deletionProtection: env.deletionProtection,
        logRetentionDays: env.logRetentionDays,
      });
      for (const service of [this.cache, this.broker]) this.dataClients.connectTo(service);
      this.handlers = new PlatformHandlers(this, "handlers", {
        namePrefix: this.namePrefix,
        ...env.handlers,
        network: this.network,
        keys: this.keys,
        documents: this.buckets.byPurpose.documents,
        database,
        cache: this.cache,
        broker: this.broker,
        logRetentionDays: env.logRetentionDays,
      });
      this.cluster = this.createCluster();
      this.processingWorker = this.processingWorkerIdentity(this.cluster, database, this.cache, this.broker);
      this.lokiBucket = this.createLokiBucket();
    }

    this.security = new SecurityServices(this, "security", {
      name: this.namePrefix,
      // A recovery environment keeps its primary's repository names: ECR replication writes images under the
      // source's names, so these are the repositories that receive them (and that the nodes here pull from).
      repositoryPrefix: contract.repositoryPrefix,
      enabled: env.securityServices,
      production: env.production,
      logsKey: keys.logs,
      registryKey: keys.storage,
      logsBucket: this.buckets.byPurpose.logs,
      dataEventBuckets: [this.buckets.byPurpose.documents],
      logRetentionDays: env.logRetentionDays,
      replicationRegion: this.recovery.kind === "primary" ? this.peerContract!.region : undefined,
    });
    if (this.cluster) this.security.registry?.grantPull(roleGrantee(this.cluster.roles.nodeRole));
    if (this.recovery.kind === "primary") this.replicateTo(this.peerContract!);

    addPlatformOutputs(this);
  }

  /** Loki's bucket, where the cluster's logs are `simple-scalable`; `<env>-cluster-addons` finds it by name. */
  private createLokiBucket(): LokiBucket | undefined {
    const monitoring = this.environment.cluster.monitoring;
    if (monitoring.logs?.mode !== "simple-scalable") return undefined;
    return new LokiBucket(this, "loki-bucket", {
      name: this.contract.lokiBucketName(awsContext(this).accountId),
      key: this.keys.byClass.logs,
      accessLogs: this.buckets.byPurpose.logs,
      retentionDays: monitoring.lokiRetentionDays,
      forceDestroy: !this.environment.deletionProtection,
    });
  }

  private createCluster(): KubernetesCluster {
    const settings = this.environment.cluster;
    // Network tags subnets for this name and <env>-cluster-addons finds the cluster by it: both from the contract.
    return new KubernetesCluster(this, "cluster", {
      name: this.contract.clusterName,
      network: this.network,
      logsKey: this.keys.byClass.logs,
      kubernetesVersion: settings.kubernetesVersion,
      endpoint: settings.endpoint,
      // The VPC always, and the networks the settings add.
      apiAccessCidrs: [this.network.cidr, ...(settings.privateApiAccessCidrs ?? [])],
      adminRoleArns: settings.adminRoleArns,
      nodeGroups: settings.nodeGroups,
      nodeSecurityGroups: [this.dataClients.securityGroup],
      logRetentionDays: this.environment.logRetentionDays,
      deletionProtection: this.environment.deletionProtection,
    });
  }

  /**
   * The worker reads uploads, signs in to PostgreSQL and the cache with IAM tokens, and on Kafka consumes and
   * publishes file events with IAM; on RabbitMQ its broker user's secret reaches it through External Secrets.
   */
  private processingWorkerIdentity(cluster: KubernetesCluster, database: PostgresDatabase, cache: ValkeyCache, broker: MessageBroker): WorkloadIdentity {
    const worker = this.contract.processingWorker;
    const identity = new WorkloadIdentity(this, "processing-worker", {
      cluster: { clusterName: cluster.cluster.name, clusterArn: cluster.cluster.arn },
      roleName: worker.roleName,
      namespace: worker.namespace,
      serviceAccount: worker.serviceAccount,
    });
    this.buckets.byPurpose.documents.grantRead(identity);
    database.grantConnect(identity, worker.databaseUser);
    cache.grantConnect(identity);
    if (broker.kind === "kafka") {
      broker.grantConsume(identity, FILE_EVENTS_TOPIC, worker.consumerGroup);
      broker.grantPublish(identity, FILE_EVENTS_TOPIC);
    }
    return identity;
  }

  /** A recovery environment's database follows the primary's by ARN, built from its contract: no state is read. */
  private databaseOrigin(): DatabaseOrigin {
    const role = this.recovery;
    if (role.kind === "standby") {
      const { partition, accountId } = awsContext(this);
      const primary = this.peerContract!;
      return { kind: "replica", sourceArn: `arn:${partition}:rds:${primary.region}:${accountId}:db:${primary.databaseIdentifier}` };
    }
    return role.kind === "failover" ? { kind: "promoted" } : { kind: "new" };
  }

  /** Replicates documents and backups into the recovery environment's buckets and key, named by its contract. */
  private replicateTo(recovery: PlatformContract): void {
    // Same account, other region: the recovery stack derives its bucket names from the same account id.
    const buckets = recovery.bucketNames(awsContext(this).accountId);
    for (const purpose of REPLICATED_BUCKETS) {
      new BucketReplication(this, `replicate-${purpose}`, {
        source: this.buckets.byPurpose[purpose],
        sourceKey: this.keys.byClass.storage,
        destination: { name: buckets[purpose], region: recovery.region, keyAlias: `alias/${recovery.keyAliases.storage}` },
      });
    }
  }
}
