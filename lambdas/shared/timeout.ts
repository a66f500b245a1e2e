/** Raised when a network call does not settle within its budget. */
export class TimeoutError extends Error {
  readonly operation: string;
  readonly timeoutMs: number;

  constructor(operation: string, timeoutMs: number) {
    super(`${operation} timed out after ${timeoutMs} ms`);
    this.name = "TimeoutError";
    this.operation = operation;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Bounds any promise by a deadline. Client libraries have their own timeouts, but some of them
 * stop counting while a command waits in an internal queue; this guarantees the caller's budget.
 * It sits on the hot path of every cache read, hence one promise and one timer, nothing more.
 */
export function withTimeout<T>(operation: string, timeoutMs: number, work: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(operation, timeoutMs)), timeoutMs);
    // A pending deadline must never keep a process (or a frozen Lambda container) alive.
    timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
