import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { clusterSettingsFor } from "../config/cluster";
import { DEFAULT_BROKER } from "../config/data-types";
import { ValkeyCache } from "../constructs/cache/valkey-cache";
import { KubernetesCluster } from "../constructs/cluster/kubernetes-cluster";
import { DataClientsSecurityGroup } from "../constructs/connections/client-security-group";
import { PostgresDatabase } from "../constructs/database/postgres-database";
import { PlatformKeys } from "../constructs/keys/platform-keys";
import { createMessageBroker, type MessageBroker } from "../constructs/messaging/message-broker";
import { Network } from "../constructs/network/network";
import { SecurityServices } from "../constructs/security/security-services";
import { BUCKET_PURPOSES, PlatformBuckets } from "../constructs/storage/platform-buckets";
import { EnvironmentStack, type EnvironmentStackProps } from "./environment-stack";

/**
 * `<env>-platform`: the network, the stateful services, the EKS cluster and the account's security services.
 * What runs inside the cluster lives in `<env>-cluster-addons`.
 */
export class PlatformStack extends EnvironmentStack {
  readonly keys: PlatformKeys;
  readonly network: Network;
  readonly buckets: PlatformBuckets;
  readonly database: PostgresDatabase;
  readonly cache: ValkeyCache;
  readonly broker: MessageBroker;
  /** Attach to EKS nodes and Lambdas that use the database, cache or broker. */
  readonly dataClients: DataClientsSecurityGroup;
  readonly cluster: KubernetesCluster;
  readonly security: SecurityServices;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, "platform", props);
    const env = this.environment;
    this.keys = new PlatformKeys(this, "keys", { aliasPrefix: this.namePrefix });
    this.network = new Network(this, "network", {
      name: this.namePrefix,
      vpcCidr: env.network.vpcCidr,
      availabilityZones: env.availabilityZones,
      subnets: env.network.subnets,
      nat: env.network.nat,
      interfaceEndpoints: env.network.interfaceEndpoints,
      flowLogRetentionDays: env.network.flowLogRetentionDays,
      flowLogKey: this.keys.byClass.logs,
      clusterNames: [this.namePrefix],
    });

    const keys = this.keys.byClass;
    const data = env.data;
    this.buckets = new PlatformBuckets(this, "buckets", {
      namePrefix: this.namePrefix,
      nameSuffix: data.storage.bucketNameSuffix,
      key: keys.storage,
      noncurrentVersionExpirationDays: data.storage.noncurrentVersionExpirationDays,
      accessLogExpirationDays: data.storage.accessLogExpirationDays,
      // Unprotected environments are rebuilt often; their buckets may go with them.
      forceDestroy: !env.deletionProtection,
    });
    this.database = new PostgresDatabase(this, "database", {
      identifier: `${this.namePrefix}-postgres`,
      network: this.network,
      storageKey: keys.database,
      secretKey: keys.secrets,
      logKey: keys.logs,
      ...data.database,
      multiAz: env.multiAz,
      deletionProtection: env.deletionProtection,
      logRetentionDays: env.logRetentionDays,
    });
    this.cache = new ValkeyCache(this, "cache", {
      name: `${this.namePrefix}-cache`,
      network: this.network,
      key: keys.cache,
      logKey: keys.logs,
      ...data.cache,
      multiAz: env.multiAz,
      deletionProtection: env.deletionProtection,
      logRetentionDays: env.logRetentionDays,
    });
    const brokerConfig = data.broker ?? DEFAULT_BROKER;
    this.broker = createMessageBroker(this, "broker", {
      config: brokerConfig,
      name: `${this.namePrefix}-${brokerConfig.kind}`,
      network: this.network,
      dataKey: keys.cache,
      secretKey: keys.secrets,
      logKey: keys.logs,
      multiAz: env.multiAz,
      deletionProtection: env.deletionProtection,
      logRetentionDays: env.logRetentionDays,
    });
    this.dataClients = new DataClientsSecurityGroup(this, "data-clients", {
      name: `${this.namePrefix}-data-clients`,
      network: this.network,
    });
    for (const service of [this.database, this.cache, this.broker]) this.dataClients.connectTo(service);

    const clusterSettings = clusterSettingsFor(env.name);
    // The name is a contract: Network tags subnets for it and <env>-cluster-addons finds the cluster by it.
    this.cluster = new KubernetesCluster(this, "cluster", {
      name: this.namePrefix,
      network: this.network,
      logsKey: keys.logs,
      kubernetesVersion: clusterSettings.kubernetesVersion,
      endpoint: clusterSettings.endpoint,
      adminRoleArns: clusterSettings.adminRoleArns,
      nodeGroups: clusterSettings.nodeGroups,
      nodeSecurityGroups: [this.dataClients.securityGroup],
      logRetentionDays: env.logRetentionDays,
      deletionProtection: env.deletionProtection,
    });

    this.security = new SecurityServices(this, "security", {
      name: this.namePrefix,
      repositoryPrefix: `${this.project}/${env.name}`,
      enabled: env.securityServices,
      production: env.production,
      logsKey: keys.logs,
      registryKey: keys.storage,
      logsBucket: this.buckets.byPurpose.logs,
      dataEventBuckets: [this.buckets.byPurpose.documents],
      logRetentionDays: env.logRetentionDays,
    });
    this.security.registry?.grantPull(this.cluster.roles.nodeRole.arn);

    this.addNetworkOutputs();
    this.addDataOutputs();
    this.addClusterAndSecurityOutputs();
  }

  private addNetworkOutputs(): void {
    new TerraformOutput(this, "vpc_id", { value: this.network.vpcId, description: "VPC id" });
    new TerraformOutput(this, "vpc_cidr", { value: this.network.cidr, description: "VPC CIDR block" });
    for (const tier of ["public", "private", "data"] as const) {
      new TerraformOutput(this, `${tier}_subnet_ids`, {
        value: this.network.subnetIds(tier),
        description: `${tier} subnet ids in AZ order (${this.network.availabilityZones.join(", ")})`,
      });
    }
  }

  // Endpoints, names and secret ARNs only: values of secrets stay in Secrets Manager.
  private addDataOutputs(): void {
    const output = (id: string, value: string | number, description: string) =>
      new TerraformOutput(this, id, { value, description });
    for (const purpose of BUCKET_PURPOSES) {
      output(`${purpose}_bucket_name`, this.buckets.byPurpose[purpose].name, `S3 bucket for ${purpose}`);
    }
    output("database_endpoint", this.database.address, "PostgreSQL host name (TLS required, IAM auth enabled)");
    output("database_port", this.database.port, "PostgreSQL port");
    output("database_master_secret_arn", this.database.masterSecretArn, "Secrets Manager secret of the master user (managed by RDS)");
    output("cache_endpoint", this.cache.endpoint, `Valkey ${this.cache.clusterMode === "enabled" ? "configuration" : "primary"} endpoint (TLS)`);
    output("cache_port", this.cache.port, "Valkey port");
    output("cache_cluster_mode", this.cache.clusterMode, "enabled: use a cluster-aware client; disabled: a plain client");
    output("cache_user", this.cache.appUser.userName, "Valkey user that signs in with an IAM token");
    output("broker_kind", this.broker.kind, "rabbitmq (Amazon MQ) or kafka (MSK)");
    output("broker_endpoint", this.broker.endpoint, this.broker.kind === "kafka" ? "Kafka bootstrap brokers (SASL/IAM, TLS)" : "RabbitMQ AMQPS URL");
    output("broker_port", this.broker.port, "Broker port");
    if (this.broker.credentialsSecretArn) {
      output("broker_credentials_secret_arn", this.broker.credentialsSecretArn, "Secrets Manager secret of the broker admin");
    }
    output("data_clients_security_group_id", this.dataClients.securityGroup.id, "Security group that may reach the data tier");
  }

  private addClusterAndSecurityOutputs(): void {
    new TerraformOutput(this, "cluster_name", {
      value: this.cluster.clusterName,
      description: "EKS cluster name (the cluster-addons stack finds the cluster by this name)",
    });
    new TerraformOutput(this, "cluster_endpoint", { value: this.cluster.cluster.endpoint, description: "Kubernetes API endpoint" });
    if (this.security.firewall) {
      new TerraformOutput(this, "web_acl_arn", {
        value: this.security.firewall.arn,
        description: "WAF web ACL for the public load balancer (Ingress annotation alb.ingress.kubernetes.io/wafv2-acl-arn)",
      });
    }
    if (this.security.registry) {
      new TerraformOutput(this, "container_repository_urls", {
        value: Object.fromEntries(Object.entries(this.security.registry.repositories).map(([n, r]) => [n, r.repositoryUrl])),
        description: "ECR repository URL per workload",
      });
    }
  }
}
