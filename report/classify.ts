// Every Terraform resource type the kit synthesizes, mapped to the service a reviewer files it under, a label, whether
// it is a node of the architecture diagram, and the price rule that costs it (report/cost.ts). The report is generic
// over the synthesized JSON: a type missing here is listed under "other", unpriced, and fails
// __tests__/report/classify.test.ts, so a new type is noticed and classified with one line below.

export const SERVICES = {
  network: "Network",
  edge: "Edge (API, CDN, firewall, DNS)",
  data: "Data tier",
  messaging: "Messaging",
  storage: "Object storage",
  cluster: "Kubernetes cluster",
  workloads: "In-cluster workloads",
  handlers: "Lambda handlers",
  security: "Security services",
  keys: "Keys and secrets",
  observability: "Logs, metrics and alarms",
  iam: "IAM",
  dr: "Disaster recovery",
  state: "Terraform state (bootstrap)",
  other: "Other (unclassified)",
} as const;

export type ServiceId = keyof typeof SERVICES;

/** Names of the price rules in report/cost.ts; a type without one costs nothing or is usage-based and named so. */
export type PriceRule =
  | "nodeGroup"
  | "eksCluster"
  | "natGateway"
  | "publicIpv4"
  | "vpcEndpoint"
  | "rdsInstance"
  | "cacheGroup"
  | "mqBroker"
  | "mskCluster"
  | "s3Bucket"
  | "s3Replication"
  | "lambda"
  | "httpApi"
  | "sqsQueue"
  | "logGroup"
  | "alarm"
  | "kmsKey"
  | "secret"
  | "webAcl"
  | "cloudfront"
  | "hostedZone"
  | "ecrRepository"
  | "usageBased";

export interface TypeClass {
  readonly service: ServiceId;
  readonly label: string;
  /** A node of its own in the architecture diagram (else folded into its service). */
  readonly node?: boolean;
  readonly price?: PriceRule;
}

const c = (service: ServiceId, label: string, extra: Omit<TypeClass, "service" | "label"> = {}): TypeClass => ({
  service,
  label,
  ...extra,
});

export const TYPE_CLASSES: Readonly<Record<string, TypeClass>> = {
  // network
  aws_vpc: c("network", "VPC"),
  aws_subnet: c("network", "subnet"),
  aws_internet_gateway: c("network", "internet gateway", { node: true }),
  aws_nat_gateway: c("network", "NAT gateway", { node: true, price: "natGateway" }),
  aws_eip: c("network", "Elastic IP", { price: "publicIpv4" }),
  aws_route: c("network", "route"),
  aws_route_table: c("network", "route table"),
  aws_route_table_association: c("network", "route table association"),
  aws_vpc_endpoint: c("network", "VPC endpoint", { node: true, price: "vpcEndpoint" }),
  aws_flow_log: c("network", "VPC flow log"),
  aws_default_security_group: c("network", "default security group (no rules)"),
  aws_security_group: c("network", "security group"),
  aws_vpc_security_group_ingress_rule: c("network", "security group ingress rule"),
  aws_vpc_security_group_egress_rule: c("network", "security group egress rule"),
  // edge
  aws_apigatewayv2_api: c("edge", "HTTP API", { node: true, price: "httpApi" }),
  aws_apigatewayv2_authorizer: c("edge", "JWT authorizer"),
  aws_apigatewayv2_integration: c("edge", "API integration"),
  aws_apigatewayv2_route: c("edge", "API route"),
  aws_apigatewayv2_stage: c("edge", "API stage"),
  aws_wafv2_web_acl: c("edge", "WAF web ACL", { node: true, price: "webAcl" }),
  aws_wafv2_web_acl_logging_configuration: c("edge", "WAF logging"),
  // data tier
  aws_db_instance: c("data", "RDS PostgreSQL", { node: true, price: "rdsInstance" }),
  aws_db_parameter_group: c("data", "DB parameter group"),
  aws_db_subnet_group: c("data", "DB subnet group"),
  aws_elasticache_replication_group: c("data", "ElastiCache (Valkey)", { node: true, price: "cacheGroup" }),
  aws_elasticache_subnet_group: c("data", "cache subnet group"),
  aws_elasticache_user: c("data", "cache user"),
  aws_elasticache_user_group: c("data", "cache user group"),
  // messaging
  aws_mq_broker: c("messaging", "Amazon MQ (RabbitMQ)", { node: true, price: "mqBroker" }),
  aws_msk_cluster: c("messaging", "MSK (Kafka)", { node: true, price: "mskCluster" }),
  aws_sqs_queue: c("messaging", "SQS queue", { node: true, price: "sqsQueue" }),
  aws_sqs_queue_policy: c("messaging", "queue policy"),
  aws_sqs_queue_redrive_allow_policy: c("messaging", "queue redrive policy"),
  aws_sns_topic: c("observability", "SNS topic (alarms)"),
  aws_sns_topic_policy: c("observability", "SNS topic policy"),
  // object storage
  aws_s3_bucket: c("storage", "S3 bucket", { node: true, price: "s3Bucket" }),
  aws_s3_bucket_lifecycle_configuration: c("storage", "bucket lifecycle"),
  aws_s3_bucket_logging: c("storage", "bucket access logging"),
  aws_s3_bucket_notification: c("storage", "bucket notification"),
  aws_s3_bucket_ownership_controls: c("storage", "bucket ownership controls"),
  aws_s3_bucket_policy: c("storage", "bucket policy"),
  aws_s3_bucket_public_access_block: c("storage", "bucket public access block"),
  aws_s3_bucket_server_side_encryption_configuration: c("storage", "bucket encryption"),
  aws_s3_bucket_versioning: c("storage", "bucket versioning"),
  // cluster
  aws_eks_cluster: c("cluster", "EKS cluster", { node: true, price: "eksCluster" }),
  aws_eks_node_group: c("cluster", "managed node group", { node: true, price: "nodeGroup" }),
  aws_eks_addon: c("cluster", "EKS add-on"),
  aws_launch_template: c("cluster", "launch template"),
  aws_eks_pod_identity_association: c("workloads", "pod identity association"),
  aws_ecr_repository: c("cluster", "ECR repository", { price: "ecrRepository" }),
  aws_ecr_repository_policy: c("cluster", "ECR repository policy"),
  aws_ecr_lifecycle_policy: c("cluster", "ECR lifecycle policy"),
  // in-cluster workloads (the cluster-addons stack)
  helm_release: c("workloads", "Helm release"),
  kubernetes_config_map_v1: c("workloads", "config map"),
  kubernetes_deployment_v1: c("workloads", "Deployment (e.g. the processing worker)"),
  kubernetes_pod_disruption_budget_v1: c("workloads", "pod disruption budget"),
  kubernetes_service_account_v1: c("workloads", "service account"),
  kubernetes_limit_range_v1: c("workloads", "limit range"),
  kubernetes_namespace_v1: c("workloads", "namespace"),
  kubernetes_network_policy_v1: c("workloads", "network policy"),
  kubernetes_resource_quota_v1: c("workloads", "resource quota"),
  kubernetes_storage_class_v1: c("workloads", "storage class"),
  // handlers
  aws_lambda_function: c("handlers", "Lambda function", { node: true, price: "lambda" }),
  aws_lambda_event_source_mapping: c("handlers", "event source mapping"),
  aws_lambda_invocation: c("handlers", "invocation on deploy"),
  aws_lambda_permission: c("handlers", "Lambda permission"),
  aws_cloudwatch_event_rule: c("handlers", "EventBridge schedule"),
  aws_cloudwatch_event_target: c("handlers", "EventBridge target"),
  // security services
  aws_cloudtrail: c("security", "CloudTrail trail", { price: "usageBased" }),
  aws_guardduty_detector: c("security", "GuardDuty detector", { price: "usageBased" }),
  aws_guardduty_detector_feature: c("security", "GuardDuty feature"),
  aws_securityhub_account: c("security", "Security Hub", { price: "usageBased" }),
  aws_securityhub_standards_subscription: c("security", "Security Hub standard"),
  // keys and secrets
  aws_kms_key: c("keys", "KMS key", { price: "kmsKey" }),
  aws_kms_alias: c("keys", "KMS alias"),
  aws_kms_grant: c("keys", "KMS grant"),
  aws_secretsmanager_secret: c("keys", "Secrets Manager secret", { price: "secret" }),
  aws_secretsmanager_secret_version: c("keys", "secret version"),
  // observability
  aws_cloudwatch_log_group: c("observability", "log group", { price: "logGroup" }),
  aws_cloudwatch_log_resource_policy: c("observability", "log resource policy"),
  aws_cloudwatch_metric_alarm: c("observability", "metric alarm", { price: "alarm" }),
  // IAM
  aws_iam_role: c("iam", "IAM role"),
  aws_iam_role_policy: c("iam", "inline role policy"),
  aws_iam_role_policy_attachment: c("iam", "managed policy attachment"),
  aws_iam_service_linked_role: c("state", "service-linked role"),
  aws_iam_openid_connect_provider: c("state", "GitHub Actions OIDC provider"),
  // disaster recovery
  aws_s3_bucket_replication_configuration: c("dr", "S3 replication (RTC)", { price: "s3Replication" }),
  aws_ecr_replication_configuration: c("dr", "ECR cross-region replication"),
};

export function classify(type: string): TypeClass {
  return TYPE_CLASSES[type] ?? { service: "other", label: type };
}

export function unclassifiedTypes(types: Iterable<string>): string[] {
  return [...new Set(types)].filter((type) => !(type in TYPE_CLASSES)).sort();
}
