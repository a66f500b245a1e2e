/**
 * Builds a container's clients on first use and shares them with every later invocation. A failed
 * build (a secret that could not be read in time, say) is forgotten so the next invocation retries.
 */
export function once<T>(build: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= build().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}
