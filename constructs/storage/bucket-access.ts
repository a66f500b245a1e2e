import type { Construct } from "constructs";
import type { Problem } from "../../common/problems";
import type { PolicyStatement } from "../iam/policy-document";
import type { EncryptionKey } from "../keys/encryption-key";
import { keyUseViaService } from "../connections/role-grant";

/**
 * - `read`: get objects and list keys.
 * - `write`: put, overwrite and delete objects (no reading).
 * - `put`: add objects only, e.g. an uploader that must never read or delete.
 */
export type BucketAccess = "read" | "write" | "put";

const OBJECT_ACTIONS: Record<BucketAccess, readonly string[]> = {
  read: ["s3:GetObject", "s3:GetObjectVersion"],
  write: ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
  put: ["s3:PutObject", "s3:AbortMultipartUpload"],
};

// Decrypt is needed to write too: S3 decrypts the data key to assemble multipart uploads. It opens no reads,
// because reading also needs s3:GetObject.
const KEY_ACTIONS: Record<BucketAccess, readonly string[]> = {
  read: ["kms:Decrypt"],
  write: ["kms:GenerateDataKey", "kms:Decrypt"],
  put: ["kms:GenerateDataKey", "kms:Decrypt"],
};

export interface AccessTarget {
  readonly arn: string;
  /** Customer key of an SSE-KMS bucket; undefined for SSE-S3. */
  readonly key?: EncryptionKey;
}

/** Least-privilege statements for `access` to the objects under `prefix` (the whole bucket when undefined). */
export function accessStatements(
  scope: Construct,
  bucket: AccessTarget,
  access: BucketAccess,
  prefix?: string,
): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    { Effect: "Allow", Action: [...OBJECT_ACTIONS[access]], Resource: `${bucket.arn}/${prefix ?? ""}*` },
  ];
  if (access === "read") {
    statements.push({
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: bucket.arn,
      ...(prefix ? { Condition: { StringLike: { "s3:prefix": `${prefix}*` } } } : {}),
    });
  }
  if (bucket.key) {
    // With bucket keys the encryption context is the bucket ARN; objects written before were encrypted under
    // their own ARN. The prefix match accepts both, and nothing from other buckets.
    statements.push(
      keyUseViaService(scope, bucket.key, "s3", KEY_ACTIONS[access], {
        StringLike: { "kms:EncryptionContext:aws:s3:arn": `${bucket.arn}*` },
      }),
    );
  }
  return statements;
}

const PREFIX_PATTERN = /^[^/*?][^*?]*$/;

export function checkPrefix(field: string, prefix: string | undefined): Problem[] {
  if (prefix === undefined || PREFIX_PATTERN.test(prefix)) return [];
  return [
    {
      field,
      value: prefix,
      expected: "a key prefix without a leading slash or wildcards, e.g. uploads/",
      fix: "write the literal start of the keys; leave it out to grant the whole bucket",
    },
  ];
}
