import { ruleSuite } from "./harness";

const broker = (engine: string, config: Record<string, unknown>) => ({
  aws_mq_broker: { mq: { broker_name: "b", engine_type: engine, host_instance_type: "mq.m5.large", user: [{ username: "u", password: "${var.p}" }], ...config } },
});
const rabbit = (config: Record<string, unknown>) => broker("RabbitMQ", config);
const active = (config: Record<string, unknown>) => broker("ActiveMQ", config);

ruleSuite("mq", {
  "KIT-MQ-001": [
    { name: "private by default", expect: ["pass"], resources: rabbit({}) },
    { name: "public", expect: ["fail", "publicly_accessible is true"], resources: rabbit({ publicly_accessible: true }) },
  ],
  "KIT-MQ-002": [
    { name: "RabbitMQ cannot use customer keys", expect: ["pass", "RabbitMQ brokers support AWS-owned keys only"], resources: rabbit({}) },
    { name: "ActiveMQ with a customer key", expect: ["pass"], resources: active({ encryption_options: { use_aws_owned_key: false, kms_key_id: "${aws_kms_key.broker.arn}" } }) },
    { name: "ActiveMQ with the AWS-owned key by default", expect: ["fail", "encryption_options.use_aws_owned_key is not false"], resources: active({}) },
    {
      name: "ActiveMQ with no key",
      expect: ["fail", "encryption_options.kms_key_id: no KMS key is set, so the service uses an AWS-managed key"],
      resources: active({ encryption_options: { use_aws_owned_key: false } }),
    },
  ],
  "KIT-MQ-003": [
    { name: "RabbitMQ general logs", expect: ["pass"], resources: rabbit({ logs: { general: true } }) },
    { name: "ActiveMQ general and audit logs", expect: ["pass"], resources: active({ logs: { general: true, audit: "true" } }) },
    { name: "no logs", expect: ["fail", "logs.general is not true"], resources: rabbit({}) },
    { name: "ActiveMQ without logs", expect: ["fail", "logs.general is not true; logs.audit is not true"], resources: active({}) },
    { name: "ActiveMQ without audit logs", expect: ["fail", "logs.audit is not true"], resources: active({ logs: { general: true } }) },
  ],
  "KIT-MQ-004": [
    { name: "on", expect: ["pass"], resources: rabbit({ auto_minor_version_upgrade: true }) },
    { name: "absent (off)", expect: ["fail", "auto_minor_version_upgrade is not true"], resources: rabbit({}) },
  ],
  "KIT-MQ-005": [
    { name: "a RabbitMQ cluster", expect: ["pass"], resources: rabbit({ deployment_mode: "CLUSTER_MULTI_AZ" }) },
    { name: "an ActiveMQ pair", expect: ["pass"], resources: active({ deployment_mode: "ACTIVE_STANDBY_MULTI_AZ" }) },
    { name: "a single RabbitMQ node", expect: ["fail", 'deployment_mode is "SINGLE_INSTANCE"; expected CLUSTER_MULTI_AZ'], resources: rabbit({}) },
    { name: "RabbitMQ in ActiveMQ's mode", expect: ["fail", 'deployment_mode is "ACTIVE_STANDBY_MULTI_AZ"; expected CLUSTER_MULTI_AZ'], resources: rabbit({ deployment_mode: "ACTIVE_STANDBY_MULTI_AZ" }) },
    { name: "a single ActiveMQ node", expect: ["fail", 'deployment_mode is "SINGLE_INSTANCE"; expected ACTIVE_STANDBY_MULTI_AZ'], resources: active({ deployment_mode: "SINGLE_INSTANCE" }) },
    { name: "an environment without Multi-AZ", expect: ["pass", "not required: the environment does not ask for Multi-AZ"], settings: { multiAz: false }, resources: rabbit({}) },
  ],
  "KIT-MQ-006": [
    { name: "a catalog RabbitMQ version", expect: ["pass", "rabbitmq 3.13: in the test catalog"], resources: rabbit({ engine_version: "3.13" }) },
    { name: "a catalog ActiveMQ version", expect: ["pass", "activemq 5.18: in the test catalog"], resources: active({ engine_version: "5.18" }) },
    { name: "an unsupported RabbitMQ version", expect: ["fail", "rabbitmq 3.8 is not supported: supported: 3.13"], resources: rabbit({ engine_version: "3.8" }) },
    { name: "an unsupported ActiveMQ version", expect: ["fail", "activemq 5.15 is not supported: supported: 5.18"], resources: active({ engine_version: "5.15" }) },
    { name: "unpinned", expect: ["fail", "rabbitmq version is not pinned, so it changes with the provider's default"], resources: rabbit({}) },
    { name: "an unknown engine", expect: ["pass", "kafkamq 1.0 is pinned; no version catalog consulted"], resources: broker("KafkaMQ", { engine_version: "1.0" }) },
    {
      name: "no engine",
      expect: ["fail", "broker engine version is not pinned, so it changes with the provider's default"],
      resources: { aws_mq_broker: { mq: { broker_name: "b", host_instance_type: "mq.m5.large", user: [{ username: "u", password: "p" }] } } },
    },
  ],
});
