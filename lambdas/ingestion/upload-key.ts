import { PROJECT_ID_PATTERN } from "../shared/ids";

/** S3 refuses keys over 1024 UTF-8 bytes; anything longer in an event is forged. */
export const MAX_KEY_BYTES = 1024;
const MAX_FILE_NAME_BYTES = 255;
// Every byte of a key may arrive percent-encoded ("%XX"), so this bounds the work before decoding.
const MAX_ENCODED_KEY_LENGTH = MAX_KEY_BYTES * 3;
const CONTROL_OR_BACKSLASH = /[\u0000-\u001f\u007f\\]/;

export type ParsedKey =
  | { readonly ok: true; readonly key: string; readonly projectId: string; readonly fileName: string; readonly extension: string }
  | { readonly ok: false; readonly reason: string };

/**
 * S3 event notifications carry keys URL-encoded as in HTML forms: "+" stands for a space and every
 * other special or non-ASCII byte is percent-encoded UTF-8.
 */
export function decodeEventKey(raw: string): { ok: true; key: string } | { ok: false; reason: string } {
  if (raw.length === 0) return { ok: false, reason: "empty key" };
  if (raw.length > MAX_ENCODED_KEY_LENGTH) return { ok: false, reason: `key longer than ${MAX_KEY_BYTES} bytes` };
  let key: string;
  try {
    key = decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return { ok: false, reason: "key is not valid URL encoding" };
  }
  if (Buffer.byteLength(key, "utf8") > MAX_KEY_BYTES) return { ok: false, reason: `key longer than ${MAX_KEY_BYTES} bytes` };
  return { ok: true, key };
}

/**
 * Splits "<prefix><projectId>/<fileName>". Anything else, including "." and ".." segments that a
 * consumer might resolve as a path, is refused with a reason.
 */
export function parseUploadKey(key: string, prefix: string): ParsedKey {
  if (!key.startsWith(prefix)) return { ok: false, reason: `key is outside ${prefix}` };
  const segments = key.slice(prefix.length).split("/");
  if (segments.some((s) => s === "." || s === "..")) return { ok: false, reason: "path traversal segment in key" };
  if (segments.length !== 2) return { ok: false, reason: `key is not ${prefix}<projectId>/<fileName>` };
  const [projectId, fileName] = segments as [string, string];
  if (!PROJECT_ID_PATTERN.test(projectId)) return { ok: false, reason: "project id has characters outside [A-Za-z0-9_-] or is too long" };
  if (fileName.length === 0) return { ok: false, reason: "empty file name" };
  if (CONTROL_OR_BACKSLASH.test(fileName)) return { ok: false, reason: "file name contains control characters or backslashes" };
  if (Buffer.byteLength(fileName, "utf8") > MAX_FILE_NAME_BYTES) return { ok: false, reason: `file name longer than ${MAX_FILE_NAME_BYTES} bytes` };
  const dot = fileName.lastIndexOf(".");
  const extension = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : "";
  return { ok: true, key, projectId, fileName, extension };
}
