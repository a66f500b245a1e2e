import { Construct } from "constructs";
import { lokiObjectExpiryDays } from "../../common/loki";
import type { EncryptionKey } from "../keys/encryption-key";
import { Bucket } from "./bucket";

export interface LokiBucketProps {
  /** Globally unique name, e.g. `aec-platform-prod-loki-123456789012`. */
  readonly name: string;
  /** Key of the logs data class: whoever reads the logs needs it, and it opens no other class's data. */
  readonly key: EncryptionKey;
  /** Bucket that receives the server access logs (SSE-S3). */
  readonly accessLogs: Bucket;
  /** Days Loki keeps log lines; objects expire `LOKI_EXPIRY_MARGIN_DAYS` later as a backstop. */
  readonly retentionDays: number;
  /** Let `terraform destroy` delete the bucket with its objects. @default false */
  readonly forceDestroy?: boolean;
}

/**
 * Loki's chunks, TSDB index, compactor and ruler storage. SSE-KMS with the logs key, TLS only, public access
 * blocked, access logs to the logs bucket. Versioned like the kit's other buckets, but a replaced or deleted
 * version is kept one day only: Loki's compactor deletes what is past the retention, and a noncurrent copy kept
 * longer would keep logs past it.
 */
export class LokiBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: LokiBucketProps) {
    super(scope, id);
    this.bucket = new Bucket(this, "bucket", {
      name: props.name,
      encryption: { kind: "kms", key: props.key },
      accessLogs: props.accessLogs,
      expireAfterDays: lokiObjectExpiryDays(props.retentionDays),
      noncurrentVersionExpirationDays: 1,
      abortIncompleteUploadsAfterDays: 1,
      forceDestroy: props.forceDestroy ?? false,
    });
  }
}
