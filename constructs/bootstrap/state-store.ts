import { Construct } from "constructs";
import { throwIfProblems, type Problem } from "../../common/problems";
import { EncryptionKey } from "../keys/encryption-key";
import { Bucket } from "../storage/bucket";

export interface StateStoreProps {
  /** Globally unique name of the Terraform state bucket, e.g. `aec-platform-tfstate-us-west-2`. */
  readonly bucketName: string;
  /** Days an overwritten state version is kept (each apply writes one). @default 90 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Days the state bucket's server access logs are kept. @default 365 */
  readonly accessLogExpirationDays?: number;
}

const DEFAULTS = { noncurrentVersionExpirationDays: 90, accessLogExpirationDays: 365 } as const;
const LOGS_SUFFIX = "-access-logs";
const MAX_BUCKET_NAME = 63;

/**
 * Where Terraform keeps the state of every stack of one account and region: a bucket encrypted with its own KMS
 * key, versioned (a bad write can be rolled back), TLS only, public access blocked, with its server access logs
 * in a second bucket. Terraform's S3-native lock (`use_lockfile`) needs nothing else: no DynamoDB table.
 * Both buckets refuse `terraform destroy` (prevent_destroy): losing them loses every stack's state.
 */
export class StateStore extends Construct {
  readonly key: EncryptionKey;
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: StateStoreProps) {
    super(scope, id);
    const noncurrentVersionExpirationDays = props.noncurrentVersionExpirationDays ?? DEFAULTS.noncurrentVersionExpirationDays;
    const logsName = `${props.bucketName}${LOGS_SUFFIX}`;
    const problems: Problem[] = [];
    if (logsName.length > MAX_BUCKET_NAME) {
      problems.push({
        field: `${this.node.path}.bucketName`,
        value: props.bucketName,
        expected: `at most ${MAX_BUCKET_NAME - LOGS_SUFFIX.length} characters, so that its access-log bucket "${logsName}" fits S3's ${MAX_BUCKET_NAME}`,
        fix: "choose a shorter state bucket name",
      });
    }
    throwIfProblems("StateStore props", problems);

    this.key = new EncryptionKey(this, "key", {
      alias: `${props.bucketName}-state`,
      description: `Terraform state in s3://${props.bucketName}`,
    });
    // S3 server access logging delivers with SSE-S3 only (see PlatformBuckets).
    this.accessLogs = new Bucket(this, "access-logs", {
      name: logsName,
      encryption: { kind: "s3-managed" },
      noncurrentVersionExpirationDays,
      expireAfterDays: props.accessLogExpirationDays ?? DEFAULTS.accessLogExpirationDays,
    });
    this.bucket = new Bucket(this, "state", {
      name: props.bucketName,
      encryption: { kind: "kms", key: this.key },
      accessLogs: this.accessLogs,
      versioned: true,
      noncurrentVersionExpirationDays,
    });
    for (const bucket of [this.bucket, this.accessLogs]) bucket.bucket.lifecycle = { preventDestroy: true };
  }
}
