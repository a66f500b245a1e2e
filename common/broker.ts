// The message broker choice (Amazon MQ for RabbitMQ or MSK) and the checks each kind runs on its settings: shared
// by the environment configuration and the broker constructs. Pure: no cdktf.
import { wholeNumberIn } from "./data-sizing";
import type { Problem } from "./problems";
import { DEFAULT_VERSIONS, checkCatalogVersion, type KafkaVersion, type RabbitMqVersion } from "./versions";

/**
 * Amazon MQ deployment: `SINGLE_INSTANCE` (one broker in one AZ) or `CLUSTER_MULTI_AZ` (three nodes over AZs
 * behind one endpoint).
 */
export type RabbitMqDeploymentMode = "SINGLE_INSTANCE" | "CLUSTER_MULTI_AZ";

export interface RabbitMqSettings {
  /** @default DEFAULT_VERSIONS.rabbitmq */
  readonly engineVersion?: RabbitMqVersion;
  /** Amazon MQ instance type, e.g. `mq.m7g.large`. @default "mq.m7g.large" when the environment is multiAz, else "mq.m7g.medium" */
  readonly instanceType?: string;
  /** @default "CLUSTER_MULTI_AZ" when the environment is multiAz, else "SINGLE_INSTANCE" */
  readonly deploymentMode?: RabbitMqDeploymentMode;
}

export interface KafkaSettings {
  /** @default DEFAULT_VERSIONS.kafka */
  readonly kafkaVersion?: KafkaVersion;
  /** MSK broker instance type, e.g. `kafka.m7g.large`. @default "kafka.m7g.large" */
  readonly instanceType?: string;
  /** Brokers in each AZ of the environment; total brokers = brokersPerAz x AZs, at least 3. @default 1 */
  readonly brokersPerAz?: number;
  /** EBS storage per broker at creation, in GiB. @default 100 */
  readonly storageGiB?: number;
  /** Ceiling for storage autoscaling per broker, in GiB (MSK allows up to 16384). @default 1000 */
  readonly maxStorageGiB?: number;
}

export interface RabbitMqBrokerConfig extends RabbitMqSettings {
  readonly kind: "rabbitmq";
  /** Raise by one to rotate the application users' passwords (aec-publisher, aec-worker). @default 1 */
  readonly userPasswordVersion?: number;
}

export interface KafkaBrokerConfig extends KafkaSettings {
  readonly kind: "kafka";
}

/**
 * The RabbitMQ application users, as the broker setup function creates them (lambdas/shared/env.ts BROKER_USERS,
 * the same names: a test holds them equal). Here for the constructs, whose published declarations must not point into
 * the handlers' sources.
 */
export const RABBITMQ_APP_USERS = { publisher: "aec-publisher", worker: "aec-worker" } as const;
export type RabbitMqAppUserRole = keyof typeof RABBITMQ_APP_USERS;

/** Message broker: a closed choice of kind, each with its own settings. */
export type BrokerConfig = RabbitMqBrokerConfig | KafkaBrokerConfig;
export type BrokerKind = BrokerConfig["kind"];

/** What a RabbitMQ broker asks of itself and of the AZs it spans, wherever it is placed. */
export function checkRabbitMqBroker(path: string, broker: RabbitMqSettings, availabilityZones: number): Problem[] {
  const problems: Problem[] = [];
  if (broker.engineVersion !== undefined) {
    problems.push(...checkCatalogVersion(`${path}.engineVersion`, "rabbitmq", broker.engineVersion));
  }
  const version: string = broker.engineVersion ?? DEFAULT_VERSIONS.rabbitmq;
  const type = broker.instanceType;
  if (type !== undefined && !/^mq\.[a-z0-9]+\.[a-z0-9]+$/.test(type)) {
    problems.push({
      field: `${path}.instanceType`,
      value: type,
      expected: "an Amazon MQ instance type such as mq.m7g.large",
      fix: "use mq.m7g.medium for testing, mq.m7g.large or bigger for production",
    });
  } else if (type !== undefined && version.startsWith("4.") && !type.startsWith("mq.m7g.")) {
    problems.push({
      field: `${path}.instanceType`,
      value: type,
      expected: "an mq.m7g.* instance type, because Amazon MQ runs RabbitMQ 4 on m7g only",
      fix: 'use mq.m7g.medium or mq.m7g.large, or engineVersion: "3.13"',
    });
  }
  const mode = broker.deploymentMode;
  if (mode !== undefined && mode !== "SINGLE_INSTANCE" && mode !== "CLUSTER_MULTI_AZ") {
    problems.push({
      field: `${path}.deploymentMode`,
      value: mode,
      expected: 'one of "SINGLE_INSTANCE" | "CLUSTER_MULTI_AZ"',
      fix: "use CLUSTER_MULTI_AZ for production, SINGLE_INSTANCE for development",
    });
  }
  if (mode === "CLUSTER_MULTI_AZ" && availabilityZones < 2) {
    problems.push({
      field: `${path}.deploymentMode`,
      value: mode,
      expected: "at least 2 availability zones for a multi-AZ cluster",
      fix: "add AZs to the environment, or use SINGLE_INSTANCE",
    });
  }
  return problems;
}

/** What an MSK cluster asks of itself and of the AZs its brokers are spread over. */
export function checkKafkaBroker(path: string, broker: KafkaSettings, availabilityZones: number): Problem[] {
  const problems: Problem[] = [];
  if (broker.kafkaVersion !== undefined) {
    problems.push(...checkCatalogVersion(`${path}.kafkaVersion`, "kafka", broker.kafkaVersion));
  }
  if (broker.instanceType !== undefined && !/^kafka\.[a-z0-9]+\.[a-z0-9]+$/.test(broker.instanceType)) {
    problems.push({
      field: `${path}.instanceType`,
      value: broker.instanceType,
      expected: "an MSK Standard broker instance type such as kafka.m7g.large",
      fix: "pick an instance type from the MSK broker sizes",
    });
  }
  if (availabilityZones < 2 || availabilityZones > 3) {
    problems.push({
      field: `${path}.kind`,
      value: "kafka",
      expected: `2 or 3 availability zones for MSK brokers (the environment has ${availabilityZones})`,
      fix: "spread the environment over 3 AZs, or use the rabbitmq broker",
    });
  }
  const perAz = broker.brokersPerAz ?? 1;
  problems.push(...wholeNumberIn(`${path}.brokersPerAz`, perAz, 1, 30, "1 to 30 brokers per AZ", "e.g. 1"));
  if (Number.isInteger(perAz) && perAz >= 1 && perAz * availabilityZones < 3) {
    problems.push({
      field: `${path}.brokersPerAz`,
      value: perAz,
      expected: `at least 3 brokers in total (replication factor 3); ${perAz} x ${availabilityZones} AZs gives ${perAz * availabilityZones}`,
      fix: "spread the environment over 3 AZs, or raise brokersPerAz",
    });
  }
  const storage = broker.storageGiB ?? 100;
  problems.push(...wholeNumberIn(`${path}.storageGiB`, storage, 1, 16384, "1 to 16384 GiB per broker", "e.g. 100"));
  problems.push(
    ...wholeNumberIn(
      `${path}.maxStorageGiB`,
      broker.maxStorageGiB ?? 1000,
      storage + 1,
      16384,
      `an autoscaling ceiling above storageGiB (${storage}) and at most 16384 GiB per broker`,
      "raise maxStorageGiB, or lower storageGiB",
    ),
  );
  return problems;
}
