// Where the local run finds its services and what it names its own things, from LOCAL_* variables, with every
// problem reported at once.

export interface LocalOptions {
  readonly postgresUrl: URL;
  readonly redisUrl: URL;
  readonly amqpUrl: URL;
  /** Schema the migrations run in (created when missing). @default "aec_local" */
  readonly schema: string;
  /** Prefix of every Redis key. @default "aec-local:" */
  readonly cachePrefix: string;
  /** Topic exchange the ingestion handler publishes to. @default "aec-local.files" */
  readonly exchange: string;
  /** Port of the query API on 127.0.0.1; 0 picks a free one. @default 3000 */
  readonly apiPort: number;
  /** Port of the S3-compatible server on 127.0.0.1; 0 picks a free one. @default 4569 */
  readonly s3Port: number;
}

export const LOCAL_DEFAULTS = {
  LOCAL_PG_URL: "postgres://postgres@127.0.0.1:5432/postgres",
  LOCAL_REDIS_URL: "redis://127.0.0.1:6379",
  LOCAL_AMQP_URL: "amqp://guest:guest@127.0.0.1:5672",
  LOCAL_PG_SCHEMA: "aec_local",
  LOCAL_CACHE_PREFIX: "aec-local:",
  LOCAL_EXCHANGE: "aec-local.files",
  LOCAL_API_PORT: "3000",
  LOCAL_S3_PORT: "4569",
} as const;

export type LocalVariable = keyof typeof LOCAL_DEFAULTS;

const SCHEMES: Partial<Record<LocalVariable, readonly string[]>> = {
  LOCAL_PG_URL: ["postgres:", "postgresql:"],
  LOCAL_REDIS_URL: ["redis:"],
  LOCAL_AMQP_URL: ["amqp:"],
};

export function localOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): LocalOptions {
  const problems: string[] = [];
  const read = (name: LocalVariable) => env[name]?.trim() || LOCAL_DEFAULTS[name];

  const url = (name: LocalVariable): URL => {
    const raw = read(name);
    try {
      const parsed = new URL(raw);
      if (!SCHEMES[name]!.includes(parsed.protocol)) {
        problems.push(`${name} must be a ${SCHEMES[name]!.join(" or ")}// URL, got "${raw}"; e.g. ${LOCAL_DEFAULTS[name]}`);
      }
      return parsed;
    } catch {
      problems.push(`${name} is not a URL: "${raw}"; e.g. ${LOCAL_DEFAULTS[name]}`);
      return new URL(LOCAL_DEFAULTS[name]);
    }
  };
  const port = (name: LocalVariable): number => {
    const raw = read(name);
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value > 65535) {
      problems.push(`${name} must be a port from 0 (any free port) to 65535, got "${raw}"`);
      return 0;
    }
    return value;
  };
  const matching = (name: LocalVariable, pattern: RegExp, expected: string): string => {
    const raw = read(name);
    if (!pattern.test(raw)) problems.push(`${name} must be ${expected}, got "${raw}"`);
    return raw;
  };

  const options: LocalOptions = {
    postgresUrl: url("LOCAL_PG_URL"),
    redisUrl: url("LOCAL_REDIS_URL"),
    amqpUrl: url("LOCAL_AMQP_URL"),
    schema: matching("LOCAL_PG_SCHEMA", /^[a-z_][a-z0-9_]{0,62}$/, "a lower-case SQL identifier"),
    cachePrefix: matching("LOCAL_CACHE_PREFIX", /^[A-Za-z0-9_.:-]{1,64}$/, "1-64 characters from [A-Za-z0-9_.:-]"),
    exchange: matching("LOCAL_EXCHANGE", /^[A-Za-z0-9_.:-]{1,127}$/, "an exchange name from [A-Za-z0-9_.:-]"),
    apiPort: port("LOCAL_API_PORT"),
    s3Port: port("LOCAL_S3_PORT"),
  };
  if (problems.length > 0) {
    throw new Error(`npm run local: invalid settings:\n- ${problems.join("\n- ")}\nUnset a variable to use its default.`);
  }
  return options;
}
