/** What a file's type tells, as recorded in the result row and shown by the query API. */
export interface Extraction {
  readonly kind: "ifc" | "pdf" | "unknown";
  readonly metadata: Readonly<Record<string, unknown>>;
}

/**
 * A streaming reader of one file's content: it sees every chunk (the checksum needs them all) but keeps only a
 * bounded amount of it, and says when it needs no more bytes so that the caller can stop feeding it.
 */
export interface Extractor {
  /** Feeds the next chunk; false once the extractor has what it needs. */
  push(chunk: Buffer): boolean;
  finish(): Extraction;
}
