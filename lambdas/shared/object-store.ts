import { HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { AwsCredentials } from "./sigv4-presign";

export interface ObjectHead {
  readonly sizeBytes: number;
  readonly contentType: string | undefined;
  /** Without the quotes S3 puts around it. */
  readonly etag: string | undefined;
  readonly versionId: string | undefined;
}

export interface ObjectStore {
  /** The object's metadata, or null when that object (version) does not exist. */
  head(bucket: string, key: string, versionId?: string): Promise<ObjectHead | null>;
  close(): void;
}

export interface S3ObjectStoreOptions {
  readonly region: string;
  /** An S3-compatible endpoint (path-style addressing); unset for AWS. */
  readonly endpoint?: string;
  readonly credentials?: AwsCredentials;
  readonly timeoutMs?: number;
}

export function s3ObjectStore(options: S3ObjectStoreOptions): ObjectStore {
  const timeoutMs = options.timeoutMs ?? 3000;
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 1000, requestTimeout: timeoutMs },
  });
  return {
    async head(bucket, key, versionId) {
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }), {
          abortSignal: AbortSignal.timeout(timeoutMs * 2),
        });
        return {
          sizeBytes: out.ContentLength ?? 0,
          contentType: out.ContentType,
          etag: out.ETag?.replace(/^"|"$/g, ""),
          versionId: out.VersionId,
        };
      } catch (err) {
        const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (status === 404 || (err as Error).name === "NotFound" || (err as Error).name === "NoSuchKey") return null;
        throw err;
      }
    },
    close: () => client.destroy(),
  };
}
