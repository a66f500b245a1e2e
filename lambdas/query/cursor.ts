/*
 * Pages are cut by the files' insertion sequence, newest first. The cursor names the last sequence
 * number a client has seen; files that arrive later get higher numbers and so never shift the pages
 * still to come. The encoding is opaque to clients (base64url) so its content can change with "v1".
 */
const MAX_BIGINT = 9223372036854775807n;
const ENCODED = /^[A-Za-z0-9_-]{1,64}$/;
const DECODED = /^v1\.([1-9]\d{0,18})$/;

export function encodeCursor(seq: string): string {
  return Buffer.from(`v1.${seq}`, "utf8").toString("base64url");
}

/** The sequence number in a cursor, or null when the cursor is not one this API issued. */
export function decodeCursor(cursor: string): string | null {
  if (!ENCODED.test(cursor)) return null;
  const match = DECODED.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match || BigInt(match[1]!) > MAX_BIGINT) return null;
  return match[1]!;
}
