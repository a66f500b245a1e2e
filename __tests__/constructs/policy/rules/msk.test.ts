import { ruleSuite } from "./harness";

const msk = (config: Record<string, unknown>) => ({
  aws_msk_cluster: { kafka: { cluster_name: "k", kafka_version: "3.8.x", number_of_broker_nodes: 3, broker_node_group_info: { client_subnets: ["s"], instance_type: "kafka.m5.large" }, ...config } },
});
const transit = (t: Record<string, unknown>) => ({ encryption_info: { encryption_in_transit: t } });
const publicAccess = (type: string) => ({ broker_node_group_info: { client_subnets: ["s"], instance_type: "kafka.m5.large", connectivity_info: { public_access: { type } } } });
const brokerLogs = (logs: Record<string, unknown>) => ({ logging_info: { broker_logs: logs } });

ruleSuite("msk", {
  "KIT-MSK-001": [
    { name: "a customer key", expect: ["pass"], resources: msk({ encryption_info: { encryption_at_rest_kms_key_arn: "${aws_kms_key.broker.arn}" } }) },
    { name: "the AWS key", expect: ["fail", "encryption_at_rest_kms_key_arn: no KMS key is set, so the service uses an AWS-managed key"], resources: msk({}) },
  ],
  "KIT-MSK-002": [
    { name: "the provider defaults", expect: ["pass"], resources: msk({}) },
    { name: "explicit TLS", expect: ["pass"], resources: msk(transit({ client_broker: "TLS", in_cluster: true })) },
    { name: "plaintext clients", expect: ["fail", 'client_broker is "TLS_PLAINTEXT"'], resources: msk(transit({ client_broker: "TLS_PLAINTEXT" })) },
    { name: "plaintext between brokers", expect: ["fail", "in_cluster is false"], resources: msk(transit({ in_cluster: false })) },
    { name: "both", expect: ["fail", 'client_broker is "PLAINTEXT"; in_cluster is false'], resources: msk(transit({ client_broker: "PLAINTEXT", in_cluster: false })) },
  ],
  "KIT-MSK-003": [
    { name: "CloudWatch Logs", expect: ["pass"], resources: msk(brokerLogs({ cloudwatch_logs: { enabled: true, log_group: "g" } })) },
    { name: "Firehose", expect: ["pass"], resources: msk(brokerLogs({ firehose: { enabled: true, delivery_stream: "f" } })) },
    { name: "S3", expect: ["pass"], resources: msk(brokerLogs({ cloudwatch_logs: { enabled: false }, s3: { enabled: true, bucket: "b" } })) },
    { name: "all disabled", expect: ["fail", "no broker log destination is enabled"], resources: msk(brokerLogs({ cloudwatch_logs: { enabled: false } })) },
    { name: "no logging_info", expect: ["fail", "no broker log destination is enabled"], resources: msk({}) },
  ],
  "KIT-MSK-004": [
    { name: "IAM", expect: ["pass"], resources: msk({ client_authentication: { sasl: { iam: true } } }) },
    { name: "SCRAM", expect: ["pass"], resources: msk({ client_authentication: { sasl: { scram: true }, unauthenticated: false } }) },
    { name: "mutual TLS", expect: ["pass"], resources: msk({ client_authentication: { tls: { certificate_authority_arns: ["arn:ca"] } } }) },
    { name: "IAM but unauthenticated too", expect: ["fail", "client_authentication.unauthenticated is true"], resources: msk({ client_authentication: { sasl: { iam: true }, unauthenticated: true } }) },
    { name: "no method", expect: ["fail", "no client authentication method is enabled"], resources: msk({}) },
    { name: "methods all off", expect: ["fail", "no client authentication method is enabled"], resources: msk({ client_authentication: { sasl: { iam: false, scram: false }, tls: { certificate_authority_arns: [] } } }) },
  ],
  "KIT-MSK-005": [
    { name: "no public access", expect: ["pass"], resources: msk({}) },
    { name: "public access disabled", expect: ["pass"], resources: msk(publicAccess("DISABLED")) },
    { name: "public access", expect: ["fail", "public_access.type is SERVICE_PROVIDED_EIPS"], resources: msk(publicAccess("SERVICE_PROVIDED_EIPS")) },
  ],
  "KIT-MSK-006": [
    { name: "a catalog version", expect: ["pass", "Kafka 3.8.x: in the test catalog"], resources: msk({}) },
    { name: "an unsupported version", expect: ["fail", "Kafka 2.8.1 is not supported: supported: 3.8.x"], resources: msk({ kafka_version: "2.8.1" }) },
    { name: "unpinned", expect: ["fail", "Kafka version is not pinned, so it changes with the provider's default"], resources: msk({ kafka_version: "" }), rawShape: "kafka_version is required; an empty one stands for a missing pin" },
  ],
});
