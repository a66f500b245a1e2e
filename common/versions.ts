// The kit's version catalog: every engine, runtime and chart version the kit deploys, pinned in one place with its
// end of support. Pure data: no cdktf. To add a component, add a key to VERSION_CATALOG (entries keyed by the exact
// version string the AWS API or chart repository takes) and a default to DEFAULT_VERSIONS.

import type { Problem } from "./problems";

export interface CatalogEntry {
  /**
   * Last day the provider supports this version without extra charge or forced upgrade (ISO date), or `null`
   * while the provider has not announced one. Plan upgrades a quarter before the date.
   */
  readonly endOfStandardSupport: string | null;
  /** Why this version, and what to know when moving off it. */
  readonly notes: string;
}

export interface PostgresEntry extends CatalogEntry {
  /** Newest minor release verified as generally available on RDS when the entry was last reviewed. */
  readonly latestMinor: string;
  /** DB parameter group family for this major version. */
  readonly parameterGroupFamily: string;
}

export interface ValkeyEntry extends CatalogEntry {
  /** ElastiCache parameter group family. */
  readonly parameterGroupFamily: string;
}

export const VERSION_CATALOG = {
  /** RDS for PostgreSQL, keyed by major version (RDS applies minors itself, see the database construct). */
  postgres: {
    "17": {
      latestMinor: "17.9",
      parameterGroupFamily: "postgres17",
      endOfStandardSupport: "2030-02-28",
      notes: "RDS end of standard support for the 17 major line; community support ends 2029-11-08.",
    },
  } satisfies Record<string, PostgresEntry>,
  /** ElastiCache for Valkey, keyed by engine version (ElastiCache applies patch releases itself). */
  valkey: {
    "8.2": {
      parameterGroupFamily: "valkey8",
      endOfStandardSupport: null,
      notes: "Newest 8.x line; Valkey 9.x exists on ElastiCache and is the next upgrade to evaluate.",
    },
  } satisfies Record<string, ValkeyEntry>,
  /** Amazon MQ for RabbitMQ, keyed by major.minor (Amazon MQ applies patch releases itself). */
  rabbitmq: {
    "4.2": {
      endOfStandardSupport: null,
      notes: "Amazon MQ's recommended version; runs on mq.m7g instance types only; quorum queues are the default.",
    },
    "3.13": {
      endOfStandardSupport: null,
      notes: "Previous line, kept for brokers not yet moved to 4.2 (in-place upgrade 3.13 -> 4.2 is supported).",
    },
  } satisfies Record<string, CatalogEntry>,
  /** Amazon MSK, keyed by the exact KafkaVersion string; 4.x runs in KRaft mode only. */
  kafka: {
    "4.1.x.kraft": {
      endOfStandardSupport: null,
      notes: "Newest version for Standard brokers (4.2.x is Express-broker only).",
    },
  } satisfies Record<string, CatalogEntry>,
} as const;

export type CatalogComponent = keyof typeof VERSION_CATALOG;
export type PostgresVersion = keyof typeof VERSION_CATALOG.postgres;
export type ValkeyVersion = keyof typeof VERSION_CATALOG.valkey;
export type RabbitMqVersion = keyof typeof VERSION_CATALOG.rabbitmq;
export type KafkaVersion = keyof typeof VERSION_CATALOG.kafka;

/** The version each component gets when a configuration does not name one. */
export const DEFAULT_VERSIONS = {
  postgres: "17",
  valkey: "8.2",
  rabbitmq: "4.2",
  kafka: "4.1.x.kraft",
} as const satisfies { readonly [C in CatalogComponent]: keyof (typeof VERSION_CATALOG)[C] };

export function knownVersions(component: CatalogComponent): string[] {
  return Object.keys(VERSION_CATALOG[component]);
}

/** One problem when `version` is not in the catalog for `component`, none otherwise. */
export function checkCatalogVersion(field: string, component: CatalogComponent, version: unknown): Problem[] {
  if (typeof version === "string" && knownVersions(component).includes(version)) return [];
  return [
    {
      field,
      value: version,
      expected: `a ${component} version from the kit's catalog (${knownVersions(component).join(", ")})`,
      fix: `use one of those, or add the version with its end-of-support date to VERSION_CATALOG.${component} in common/versions.ts`,
    },
  ];
}
