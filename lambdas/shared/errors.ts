export interface ErrorLike {
  readonly message: string;
  readonly name: string;
  readonly code?: unknown;
}

/**
 * Recognises errors by shape, not by `instanceof Error`: errors raised by Node's own modules may come
 * from another realm (a VM context, a test sandbox) and fail that check while being perfectly real.
 */
export function asError(value: unknown): ErrorLike | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { message, name } = value as { message?: unknown; name?: unknown };
  if (typeof message !== "string") return undefined;
  return { message, name: typeof name === "string" ? name : "Error", code: (value as { code?: unknown }).code };
}

export function messageOf(value: unknown): string {
  return asError(value)?.message ?? String(value);
}
