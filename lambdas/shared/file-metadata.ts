/** What the platform records of an uploaded file, as both the ingestion row and the query view carry it. */
export interface FileMetadata {
  readonly versionId: string | null;
  readonly fileName: string;
  readonly extension: string;
  readonly sizeBytes: number;
  readonly contentType: string | null;
  readonly etag: string | null;
  readonly status: "accepted" | "rejected";
  readonly rejectReason: string | null;
  readonly uploadedAt: string;
}
