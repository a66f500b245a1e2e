import * as z from "zod/mini";

/** The fields of an S3 event notification record that ingestion relies on; others are ignored. */
const S3RecordSchema = z.object({
  eventSource: z.literal("aws:s3"),
  eventName: z.string(),
  eventTime: z.optional(z.string()),
  s3: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({
      key: z.string(),
      size: z.optional(z.number()),
      eTag: z.optional(z.string()),
      versionId: z.optional(z.string()),
    }),
  }),
});

export type S3EventRecord = z.infer<typeof S3RecordSchema>;

export type ParsedBody =
  | { readonly kind: "records"; readonly records: readonly ({ ok: true; record: S3EventRecord } | { ok: false; reason: string })[] }
  | { readonly kind: "test-event" }
  | { readonly kind: "invalid"; readonly reason: string };

/** Parses one SQS message body; never throws, whatever the body holds. */
export function parseNotificationBody(body: string): ParsedBody {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: "invalid", reason: "body is not JSON" };
  }
  if (typeof json !== "object" || json === null) return { kind: "invalid", reason: "body is not a JSON object" };
  // S3 sends this once when a notification configuration is saved.
  if ((json as { Event?: unknown }).Event === "s3:TestEvent") return { kind: "test-event" };
  const records = (json as { Records?: unknown }).Records;
  if (!Array.isArray(records)) return { kind: "invalid", reason: "body has no Records array" };
  return {
    kind: "records",
    records: records.map((candidate) => {
      const parsed = S3RecordSchema.safeParse(candidate);
      if (parsed.success) return { ok: true as const, record: parsed.data };
      const issue = parsed.error.issues[0];
      return { ok: false as const, reason: `not an S3 record: ${issue ? `${issue.path.join(".") || "record"} ${issue.code}` : "invalid"}` };
    }),
  };
}
