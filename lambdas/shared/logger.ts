import { asError } from "./errors";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
export const LOG_LEVELS = Object.keys(LEVEL_ORDER) as LogLevel[];

// Field names whose values are never written, whatever the caller passes.
const SECRET_FIELD = /pass(word)?|secret|token|authorization|credential|cookie/i;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  readonly level?: LogLevel;
  /** Where each JSON line goes; stdout by default (Lambda ships it to CloudWatch as-is). */
  readonly write?: (line: string) => void;
  readonly now?: () => Date;
}

/** Structured logger: one JSON object per line with time, level, message and fields. */
export function createLogger(options: LoggerOptions = {}, base: LogFields = {}): Logger {
  return new JsonLogger(
    LEVEL_ORDER[options.level ?? "info"],
    options.write ?? ((line: string) => process.stdout.write(`${line}\n`)),
    options.now ?? (() => new Date()),
    base,
  );
}

// A class so that a per-request child costs one small object, not a fresh set of closures.
class JsonLogger implements Logger {
  constructor(
    private readonly threshold: number,
    private readonly write: (line: string) => void,
    private readonly now: () => Date,
    private readonly base: LogFields,
  ) {}

  debug(message: string, fields?: LogFields): void {
    this.emit("debug", message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.emit("info", message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.emit("warn", message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.emit("error", message, fields);
  }

  child(fields: LogFields): Logger {
    return new JsonLogger(this.threshold, this.write, this.now, { ...this.base, ...fields });
  }

  private emit(level: LogLevel, message: string, fields?: LogFields): void {
    if (LEVEL_ORDER[level] < this.threshold) return;
    const record = { time: this.now().toISOString(), level, message, ...redact(this.base), ...redact(fields ?? {}) };
    this.write(safeStringify(record));
  }
}

/** Turns an unknown thrown value into loggable fields without dumping arbitrary objects. */
export function errorFields(err: unknown): LogFields {
  const e = asError(err);
  if (!e) return { error: String(err) };
  return { error: e.message, errorName: e.name, ...(e.code !== undefined ? { errorCode: String(e.code) } : {}) };
}

function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = SECRET_FIELD.test(key) ? "[redacted]" : value;
  }
  return out;
}

function safeStringify(record: LogFields): string {
  try {
    return JSON.stringify(record, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
  } catch {
    return JSON.stringify({ time: record.time, level: record.level, message: record.message, logError: "unserializable fields" });
  }
}
