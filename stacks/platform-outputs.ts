import { TerraformOutput } from "cdktf";
import { RabbitMqBroker } from "../constructs/messaging/rabbitmq-broker";
import { BUCKET_PURPOSES } from "../constructs/storage/platform-buckets";
import type { PlatformStack } from "./platform-stack";

/** What other stacks and operators need from `<env>-platform`: ids, endpoints, names and secret ARNs, never secret values. */
export function addPlatformOutputs(stack: PlatformStack): void {
  const output = (id: string, value: string | number | Record<string, string> | string[], description: string) =>
    new TerraformOutput(stack, id, { value, description });
  const { network, buckets, database, cache, broker, cluster, security, dataClients, replicaLag, handlers } = stack;

  output("vpc_id", network.vpcId, "VPC id");
  output("vpc_cidr", network.cidr, "VPC CIDR block");
  for (const tier of ["public", "private", "data"] as const) {
    output(`${tier}_subnet_ids`, network.subnetIds(tier), `${tier} subnet ids in AZ order (${network.availabilityZones.join(", ")})`);
  }
  for (const purpose of BUCKET_PURPOSES) {
    output(`${purpose}_bucket_name`, buckets.byPurpose[purpose].name, `S3 bucket for ${purpose}`);
  }
  if (database) {
    output("database_endpoint", database.address, "PostgreSQL host name (TLS required, IAM auth enabled)");
    output("database_port", database.port, "PostgreSQL port");
  }
  if (database?.masterSecretArn) {
    output("database_master_secret_arn", database.masterSecretArn, "Secrets Manager secret of the master user (JSON username, password)");
  }
  output("data_clients_security_group_id", dataClients.securityGroup.id, "Security group that may reach the data tier");
  if (cache) {
    output("cache_endpoint", cache.endpoint, `Valkey ${cache.clusterMode === "enabled" ? "configuration" : "primary"} endpoint (TLS)`);
    output("cache_port", cache.port, "Valkey port");
    output("cache_cluster_mode", cache.clusterMode, "enabled: use a cluster-aware client; disabled: a plain client");
    output("cache_user", cache.appUser.userName, "Valkey user that signs in with an IAM token");
  }
  if (broker) {
    output("broker_kind", broker.kind, "rabbitmq (Amazon MQ) or kafka (MSK)");
    output("broker_endpoint", broker.endpoint, broker.kind === "kafka" ? "Kafka bootstrap brokers (SASL/IAM, TLS)" : "RabbitMQ AMQPS URL");
    output("broker_port", broker.port, "Broker port");
    // The admin's, for operators (the web console); the application users' secrets are granted, not published.
    if (broker instanceof RabbitMqBroker) {
      output("broker_credentials_secret_arn", broker.adminSecret.arn, "Secrets Manager secret of the broker admin");
    }
  }
  if (handlers) {
    output("api_endpoint", handlers.api.endpoint, "Query HTTP API base URL (JWT bearer token required, except GET /health)");
    output("ingestion_queue_url", handlers.ingestion.queue.url, "SQS queue of document uploads (S3 ObjectCreated under uploads/)");
    output("ingestion_dead_letter_queue_url", handlers.ingestion.deadLetterQueue.url, "Uploads that failed 5 times; redrive after fixing");
    output("handler_function_names", handlers.functionNames, "Lambda function name per handler");
    output("handler_alarm_topic_arn", handlers.alarms.topic.arn, "SNS topic the handler alarms notify; subscribe on-call here");
  }
  if (replicaLag) {
    output("replica_lag_topic_arn", replicaLag.topic.arn, "SNS topic of the database replica's lag alarm; subscribe the on-call");
  }
  if (cluster) {
    output("cluster_name", cluster.clusterName, "EKS cluster name (the cluster-addons stack finds the cluster by this name)");
    output("cluster_endpoint", cluster.cluster.endpoint, "Kubernetes API endpoint");
  }
  if (security.firewall) {
    output("web_acl_arn", security.firewall.arn, "WAF web ACL for the public load balancer (Ingress annotation alb.ingress.kubernetes.io/wafv2-acl-arn)");
  }
  if (security.registry) {
    output(
      "container_repository_urls",
      Object.fromEntries(Object.entries(security.registry.repositories).map(([n, r]) => [n, r.repositoryUrl])),
      "ECR repository URL per workload",
    );
  }
}
