// Public entry point `aec-platform-kit/messaging`.
export { createMessageBroker, type MessageBroker, type MessageBrokerProps } from "./message-broker";
export { KafkaCluster, type KafkaClusterProps } from "./kafka-cluster";
export { RabbitMqBroker, type RabbitMqBrokerProps } from "./rabbitmq-broker";
export type { BrokerConfig, KafkaBrokerConfig, RabbitMqBrokerConfig } from "../../common/broker";
