import { createHash } from "node:crypto";

/**
 * A UUID (RFC 9562 version 8, "custom") derived from its parts, so the same object version always maps
 * to the same file id and event id, across retries and across containers. NUL separates the parts,
 * which keeps ("a/b", "c") and ("a", "b/c") apart.
 */
export function stableUuid(...parts: readonly string[]): string {
  const bytes = createHash("sha256").update(parts.join("\u0000")).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Project ids appear in object keys, URLs, cache keys and routing: a narrow alphabet keeps all four safe. */
export const PROJECT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
