import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { encodeKeyLikeS3 } from "../../../local/s3-events";

export { encodeKeyLikeS3, sqsEvent } from "../../../local/s3-events";

export const S3_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface LocalS3 {
  readonly endpoint: string;
  readonly client: S3Client;
  /** S3 event notification bodies emitted for uploads, oldest first. */
  readonly notifications: string[];
  put(bucket: string, key: string, body: Buffer | string, contentType?: string): Promise<string>;
  close(): Promise<void>;
}

/** An s3rver on a free loopback port with its own temporary directory. */
export async function startLocalS3(buckets: readonly string[]): Promise<LocalS3> {
  const directory = mkdtempSync(join(tmpdir(), "s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory });
  const address = (await server.run()) as unknown as { port: number };
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1", credentials: S3_CREDENTIALS });
  for (const bucket of buckets) await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const notifications: string[] = [];
  server.on("event", (event: { Records: Array<{ s3: { object: { key: string } } }> }) => {
    // s3rver reports keys raw; S3 URL-encodes them in notifications, which is what the handler decodes.
    for (const r of event.Records) r.s3.object.key = encodeKeyLikeS3(r.s3.object.key);
    notifications.push(JSON.stringify(event));
  });
  return {
    endpoint,
    client,
    notifications,
    async put(bucket, key, body, contentType = "application/octet-stream") {
      const before = notifications.length;
      const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentLength: bytes.length, ContentType: contentType }),
      );
      // s3rver emits the notification right after answering; wait for it.
      for (let i = 0; i < 100 && notifications.length === before; i++) await new Promise((r) => setTimeout(r, 5));
      if (notifications.length === before) throw new Error(`no notification for ${key}`);
      return notifications[notifications.length - 1]!;
    },
    async close() {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A hand-made S3 notification, for records s3rver cannot produce (other buckets, forged keys). */
export function s3Notification(bucket: string, encodedKey: string, extra: { eventName?: string; size?: number; eTag?: string; versionId?: string } = {}): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        awsRegion: "us-east-1",
        eventTime: "2024-05-01T10:00:00.000Z",
        eventName: extra.eventName ?? "ObjectCreated:Put",
        s3: {
          s3SchemaVersion: "1.0",
          bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
          object: { key: encodedKey, size: extra.size ?? 1, eTag: extra.eTag ?? "0", ...(extra.versionId ? { versionId: extra.versionId } : {}) },
        },
      },
    ],
  });
}
