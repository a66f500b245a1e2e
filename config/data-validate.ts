// Validation of an environment's data tier: the constructs' own checks (common/data-sizing.ts, common/broker.ts)
// applied to the environment's sizes, plus what only the environment decides (placement, bucket names).
import { checkKafkaBroker, checkRabbitMqBroker, type BrokerConfig, type RabbitMqBrokerConfig } from "../common/broker";
import { checkCacheSizing, checkDatabaseSizing, wholeNumberIn, type Placement } from "../common/data-sizing";
import type { Problem } from "../common/problems";
import { DEFAULT_BROKER, type StorageConfig } from "./data-types";
import { checkSection } from "./section";
import type { EnvironmentConfig } from "./types";

/** Every problem in an environment's data tier; `project` is needed to check bucket-name lengths. */
export function checkDataTier(project: string, env: EnvironmentConfig): Problem[] {
  const at = `${env.name}.data`;
  const data = env.data;
  if (!data) {
    return [
      {
        field: at,
        value: undefined,
        expected: "the environment's data tier sizes (database, cache, storage; broker optional)",
        fix: "copy the data block of a similar environment under config/environments/ and adjust the sizes",
      },
    ];
  }
  const placement: Placement = {
    multiAz: env.multiAz,
    availabilityZones: new Set(env.availabilityZones).size,
    deletionProtection: env.deletionProtection,
  };
  return [
    ...checkSection(`${at}.database`, data.database, "the database's engine version and sizes", (d) => checkDatabaseSizing(`${at}.database`, d)),
    ...checkSection(`${at}.cache`, data.cache, "the cache's engine version, node type and shape", (c) => checkCacheSizing(`${at}.cache`, c, placement)),
    ...checkBroker(`${at}.broker`, data.broker ?? DEFAULT_BROKER, placement),
    ...checkSection(`${at}.storage`, data.storage, "the buckets' retention days", (st) => checkStorage(`${at}.storage`, st, `${project}-${env.name}`)),
  ];
}

export function checkBroker(path: string, broker: BrokerConfig, placement: Placement): Problem[] {
  switch (broker.kind) {
    case "rabbitmq":
      return checkRabbitMq(path, broker, placement);
    case "kafka":
      return checkKafkaBroker(path, broker, placement.availabilityZones);
    default:
      return [
        {
          field: `${path}.kind`,
          value: (broker as { kind?: unknown }).kind,
          expected: 'one of "rabbitmq" | "kafka"',
          fix: 'use { kind: "rabbitmq" } (the default) or { kind: "kafka" }',
        },
      ];
  }
}

/** The broker's own rules, then the environment's: a multiAz environment gets no single-AZ broker. */
function checkRabbitMq(path: string, broker: RabbitMqBrokerConfig, placement: Placement): Problem[] {
  const problems = checkRabbitMqBroker(path, broker, placement.availabilityZones);
  if (broker.deploymentMode === "SINGLE_INSTANCE" && placement.multiAz) {
    problems.push({
      field: `${path}.deploymentMode`,
      value: broker.deploymentMode,
      expected: "CLUSTER_MULTI_AZ, because the environment is multiAz and a single broker lives in one AZ",
      fix: "use CLUSTER_MULTI_AZ, or make the environment single-AZ",
    });
  }
  return problems;
}

const SUFFIX_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/** Longest purpose name the kit gives a bucket (`documents`). */
const LONGEST_PURPOSE = "documents";
/** An account id has 12 digits; the default suffix. */
const ACCOUNT_ID_LENGTH = 12;

/** `namePrefix` is `<project>-<env>`, the start of every bucket name. */
export function checkStorage(path: string, storage: StorageConfig, namePrefix: string): Problem[] {
  const problems: Problem[] = [];
  const suffix = storage.bucketNameSuffix;
  if (suffix !== undefined && !SUFFIX_PATTERN.test(suffix)) {
    problems.push({
      field: `${path}.bucketNameSuffix`,
      value: suffix,
      expected: "lower-case letters, digits and dashes, starting and ending with a letter or digit",
      fix: 'e.g. "acme-7f3k"; or leave it out to use the account id',
    });
  }
  const longest = `${namePrefix}-${LONGEST_PURPOSE}-`.length + (suffix?.length ?? ACCOUNT_ID_LENGTH);
  if (longest > 63) {
    problems.push({
      field: `${path}.bucketNameSuffix`,
      value: suffix ?? "<account id>",
      expected: `bucket names of at most 63 characters; ${namePrefix}-${LONGEST_PURPOSE}-<suffix> has ${longest}`,
      fix: "shorten the suffix, the project name or the environment name",
    });
  }
  problems.push(
    ...wholeNumberIn(
      `${path}.noncurrentVersionExpirationDays`,
      storage.noncurrentVersionExpirationDays,
      1,
      3650,
      "1 to 3650 days before replaced or deleted versions expire",
      "e.g. 90 in production, 7 in development",
    ),
  );
  problems.push(
    ...wholeNumberIn(
      `${path}.accessLogExpirationDays`,
      storage.accessLogExpirationDays,
      31,
      3650,
      "31 to 3650 days of access logs (they move to Standard-IA after 30 days first)",
      "e.g. 365 in production",
    ),
  );
  return problems;
}
