import { Construct } from "constructs";
import { EncryptionKey } from "./encryption-key";

/** Data classes that get a key of their own, so that access to one class's key never opens another's data. */
export const DATA_CLASSES = ["database", "cache", "storage", "logs", "secrets"] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

const DESCRIPTIONS: Record<DataClass, string> = {
  database: "RDS storage, snapshots and Performance Insights",
  cache: "ElastiCache and message broker data at rest",
  storage: "S3 objects (documents, backups)",
  logs: "CloudWatch log groups (flow logs, service logs)",
  secrets: "Secrets Manager secrets and Lambda environment variables",
};

/** The alias (without `alias/`) PlatformKeys gives a class's key; other stacks find the key by it. */
export function platformKeyAlias(aliasPrefix: string, dataClass: DataClass): string {
  return `${aliasPrefix}-${dataClass}`;
}

export interface PlatformKeysProps {
  /** Alias prefix, e.g. `aec-platform-prod` gives `alias/aec-platform-prod-database`. */
  readonly aliasPrefix: string;
  /** Create multi-Region primary keys (so a DR region can hold replicas). @default false */
  readonly multiRegion?: boolean;
}

/** One customer-managed key per data class, keyed by class. */
export class PlatformKeys extends Construct {
  readonly byClass: Readonly<Record<DataClass, EncryptionKey>>;

  constructor(scope: Construct, id: string, props: PlatformKeysProps) {
    super(scope, id);
    this.byClass = Object.fromEntries(
      DATA_CLASSES.map((dataClass) => [
        dataClass,
        new EncryptionKey(this, dataClass, {
          alias: platformKeyAlias(props.aliasPrefix, dataClass),
          description: `${props.aliasPrefix}: ${DESCRIPTIONS[dataClass]}`,
          multiRegion: props.multiRegion,
        }),
      ]),
    ) as Record<DataClass, EncryptionKey>;
  }
}
