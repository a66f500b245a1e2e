import { GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { AwsCredentials } from "./sigv4-presign";

export interface ObjectHead {
  readonly sizeBytes: number;
  readonly contentType: string | undefined;
  /** Without the quotes S3 puts around it. */
  readonly etag: string | undefined;
  readonly versionId: string | undefined;
}

export interface ObjectBody extends ObjectHead {
  /** The content, streamed: read it to the end or destroy it (`return()`), or the connection stays taken. */
  readonly body: AsyncIterable<Uint8Array>;
}

export interface ObjectStore {
  /** The object's metadata, or null when that object (version) does not exist. */
  head(bucket: string, key: string, versionId?: string): Promise<ObjectHead | null>;
  close(): void;
}

/** A store that also reads content (the processing worker's). */
export interface ObjectReader extends ObjectStore {
  /** The object's content and metadata, or null when that object (version) does not exist. */
  get(bucket: string, key: string, versionId?: string): Promise<ObjectBody | null>;
}

/** S3 answered with a status that will not change on retry for this object (4xx other than throttling or auth). */
export function isMissingObject(err: unknown): boolean {
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const name = (err as Error).name;
  return status === 404 || name === "NotFound" || name === "NoSuchKey" || name === "NoSuchVersion";
}

export interface S3ObjectStoreOptions {
  readonly region: string;
  /** An S3-compatible endpoint (path-style addressing); unset for AWS. */
  readonly endpoint?: string;
  readonly credentials?: AwsCredentials;
  readonly timeoutMs?: number;
}

export function s3ObjectStore(options: S3ObjectStoreOptions): ObjectReader {
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
        return metadataOf(out);
      } catch (err) {
        if (isMissingObject(err)) return null;
        throw err;
      }
    },
    async get(bucket, key, versionId) {
      try {
        // The request timeout bounds each socket wait (headers, then every chunk), not the whole download, so a
        // large file streams for as long as bytes keep coming.
        const abort = new AbortController();
        const deadline = setTimeout(() => abort.abort(new Error(`s3 GetObject ${key} timed out`)), timeoutMs * 2);
        const out = await client
          .send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }), { abortSignal: abort.signal })
          .finally(() => clearTimeout(deadline));
        if (!out.Body) throw new Error(`s3 GetObject returned no body for ${key}`);
        return { body: out.Body as unknown as AsyncIterable<Uint8Array>, ...metadataOf(out) };
      } catch (err) {
        if (isMissingObject(err)) return null;
        throw err;
      }
    },
    close: () => client.destroy(),
  };
}

/** What HEAD and GET both tell about an object version (the ETag without its quotes). */
function metadataOf(out: { ContentLength?: number; ContentType?: string; ETag?: string; VersionId?: string }) {
  return { sizeBytes: out.ContentLength ?? 0, contentType: out.ContentType, etag: out.ETag?.replace(/^"|"$/g, ""), versionId: out.VersionId };
}
