import { createLogger, type Logger } from "../../../lambdas/shared/logger";

export interface CapturedLogs {
  readonly logger: Logger;
  readonly lines: string[];
  records(): Array<Record<string, unknown>>;
  /** Records whose message contains the text. */
  find(message: string): Array<Record<string, unknown>>;
}

/** A real logger writing into memory, so tests can assert what was logged and why. */
export function captureLogs(): CapturedLogs {
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", write: (line) => lines.push(line) });
  const records = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    logger,
    lines,
    records,
    find: (message) => records().filter((r) => String(r.message).includes(message)),
  };
}
