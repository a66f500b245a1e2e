import { Construct } from "constructs";
import { awsContext } from "../core/aws-context";
import type { EncryptionKey } from "../keys/encryption-key";
import { Bucket } from "./bucket";

export const BUCKET_PURPOSES = ["documents", "backups", "logs"] as const;
export type BucketPurpose = (typeof BUCKET_PURPOSES)[number];

/** The name PlatformBuckets gives a bucket: `<namePrefix>-<purpose>-<suffix>`; replication finds it by it. */
export function platformBucketName(namePrefix: string, purpose: BucketPurpose, suffix: string): string {
  return `${namePrefix}-${purpose}-${suffix}`;
}

export interface PlatformBucketsProps {
  /** Start of every bucket name, `<project>-<env>`. */
  readonly namePrefix: string;
  /**
   * End of every bucket name. Bucket names are global across all AWS accounts; the account id makes
   * `<project>-<env>-<purpose>` unique without a registry of names, and a fixed suffix hides the account id.
   * @default the account id
   */
  readonly nameSuffix?: string;
  /** Key for documents and backups (SSE-KMS). */
  readonly key: EncryptionKey;
  /** @default 90 */
  readonly noncurrentVersionExpirationDays?: number;
  /** @default 365 */
  readonly accessLogExpirationDays?: number;
  /** Let `terraform destroy` empty the buckets. @default false */
  readonly forceDestroy?: boolean;
}

const DEFAULTS = { noncurrentVersionExpirationDays: 90, accessLogExpirationDays: 365, forceDestroy: false } as const;

/**
 * The platform's three buckets, keyed by purpose:
 * - `documents`: uploaded files; to Standard-IA after 30 days, Glacier Instant Retrieval after 90.
 * - `backups`: database dumps and exports; to Glacier Instant Retrieval after 30 days.
 * - `logs`: server access logs of the other two (SSE-S3, see Bucket); expire after accessLogExpirationDays.
 */
export class PlatformBuckets extends Construct {
  readonly byPurpose: Readonly<Record<BucketPurpose, Bucket>>;

  constructor(scope: Construct, id: string, props: PlatformBucketsProps) {
    super(scope, id);
    const suffix = props.nameSuffix ?? awsContext(this).accountId;
    const noncurrentVersionExpirationDays =
      props.noncurrentVersionExpirationDays ?? DEFAULTS.noncurrentVersionExpirationDays;
    const forceDestroy = props.forceDestroy ?? DEFAULTS.forceDestroy;
    const name = (purpose: BucketPurpose) => platformBucketName(props.namePrefix, purpose, suffix);
    const kms = { kind: "kms", key: props.key } as const;

    // S3 server access logging delivers with SSE-S3 only: a logs bucket with SSE-KMS default encryption
    // silently receives nothing. Access logs hold request metadata, not document contents.
    const logs = new Bucket(this, "logs", {
      name: name("logs"),
      encryption: { kind: "s3-managed" },
      noncurrentVersionExpirationDays,
      transitions: { STANDARD_IA: 30 },
      expireAfterDays: props.accessLogExpirationDays ?? DEFAULTS.accessLogExpirationDays,
      forceDestroy,
    });
    const documents = new Bucket(this, "documents", {
      name: name("documents"),
      encryption: kms,
      accessLogs: logs,
      noncurrentVersionExpirationDays,
      transitions: { STANDARD_IA: 30, GLACIER_IR: 90 },
      forceDestroy,
    });
    const backups = new Bucket(this, "backups", {
      name: name("backups"),
      encryption: kms,
      accessLogs: logs,
      noncurrentVersionExpirationDays,
      transitions: { GLACIER_IR: 30 },
      forceDestroy,
    });
    this.byPurpose = { documents, backups, logs };
  }
}
