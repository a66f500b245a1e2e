import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import {
  ConfigError,
  HANDLER_ENV,
  WORKER_ENV,
  deployableEnvNames,
  loadIngestionConfig,
  loadMigrateConfig,
  loadQueryConfig,
} from "../../../lambdas/shared/config";

const QUERY_ENV = {
  AWS_REGION: "us-west-2",
  PG_HOST: "db.example.internal",
  PG_DATABASE: "files",
  PG_SECRET_ARN: "arn:aws:secretsmanager:us-west-2:1:secret:rds",
  REDIS_HOST: "cache.example.internal",
};

const INGESTION_ENV = {
  ...QUERY_ENV,
  BROKER_KIND: "rabbitmq",
  AMQP_HOST: "mq.example.internal",
  AMQP_SECRET_ARN: "arn:aws:secretsmanager:us-west-2:1:secret:mq",
  DOCUMENTS_BUCKET: "documents",
};

function configError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("handler configuration", () => {
  it("fails fast naming every missing variable", () => {
    const err = configError(() => loadQueryConfig({ AWS_REGION: "us-west-2" }));
    expect(err.message).toMatch(/missing required environment variable PG_HOST/);
    expect(err.problems).toEqual([
      "missing required environment variable PG_HOST",
      "missing required environment variable PG_DATABASE",
      "missing required environment variable PG_SECRET_ARN",
      "missing required environment variable REDIS_HOST",
    ]);
  });

  it("names the single missing variable when everything else is set", () => {
    const { DOCUMENTS_BUCKET: _omitted, ...env } = INGESTION_ENV;
    expect(() => loadIngestionConfig(env)).toThrow("missing required environment variable DOCUMENTS_BUCKET");
  });

  it("treats blank values as missing", () => {
    expect(() => loadMigrateConfig({ ...QUERY_ENV, PG_HOST: "  " })).toThrow(/PG_HOST/);
  });

  it("rejects malformed values with the variable, the value and what is expected", () => {
    const err = configError(() =>
      loadIngestionConfig({ ...INGESTION_ENV, PG_PORT: "five", TLS_ENABLED: "yes", BROKER_KIND: "sqs", PG_SCHEMA: "x;drop" }),
    );
    expect(err.problems).toEqual(
      expect.arrayContaining([
        'PG_PORT must be an integer from 1 to 65535, got "five"',
        'TLS_ENABLED must be "true" or "false", got "yes"',
        'BROKER_KIND must be one of rabbitmq, kafka, got "sqs"',
        'PG_SCHEMA must be a lower-case SQL identifier, got "x;drop"',
      ]),
    );
  });

  it("requires broker variables only for the chosen broker", () => {
    const { AMQP_HOST: _h, AMQP_SECRET_ARN: _s, ...kafkaEnv } = INGESTION_ENV;
    expect(() => loadIngestionConfig({ ...kafkaEnv, BROKER_KIND: "kafka" })).toThrow(/KAFKA_BROKERS/);
    const kafka = loadIngestionConfig({ ...kafkaEnv, BROKER_KIND: "kafka", KAFKA_BROKERS: "b-1.msk:9098, b-2.msk:9098" });
    expect(kafka.broker).toEqual({
      kind: "kafka",
      brokers: ["b-1.msk:9098", "b-2.msk:9098"],
      topic: "file-events",
      auth: "iam",
      region: "us-west-2",
      tls: true,
    });
    expect(() => loadIngestionConfig({ ...kafkaEnv, BROKER_KIND: "rabbitmq" })).toThrow(/AMQP_HOST.*AMQP_SECRET_ARN/);
  });

  it("defaults to TLS everywhere and the documented values", () => {
    const config = loadIngestionConfig(INGESTION_ENV);
    expect(config.postgres).toEqual({
      host: "db.example.internal",
      port: 5432,
      database: "files",
      auth: { kind: "secret", secretArn: QUERY_ENV.PG_SECRET_ARN },
      schema: "public",
      tls: true,
    });
    expect(config.redis).toMatchObject({ tls: true, cluster: false, keyPrefix: "aec:", port: 6379 });
    expect(config.broker).toMatchObject({ kind: "rabbitmq", tls: true, port: 5671, vhost: "/", exchange: "files" });
    expect(config).toMatchObject({ uploadsPrefix: "uploads/", maxFileBytes: 2 * 1024 ** 3, logLevel: "info" });
    expect(loadQueryConfig(QUERY_ENV)).toMatchObject({
      cacheTtlSeconds: 60,
      rateLimit: { requests: 100, windowSeconds: 60, whenCacheDown: "open" },
      authorization: { projectsClaim: "projects", projectPrefix: "" },
    });
    expect(configError(() => loadQueryConfig({ ...QUERY_ENV, RATE_LIMIT_WHEN_CACHE_DOWN: "maybe" })).problems).toEqual([
      'RATE_LIMIT_WHEN_CACHE_DOWN must be one of open, closed, got "maybe"',
    ]);
  });

  it("publishes the variable names the wiring must set, without runtime-provided ones", () => {
    expect(deployableEnvNames("migrate")).toEqual([
      "LOG_LEVEL",
      "TLS_ENABLED",
      "PG_HOST",
      "PG_PORT",
      "PG_DATABASE",
      "PG_AUTH_MODE",
      "PG_SECRET_ARN",
      "PG_USER",
      "PG_SCHEMA",
    ]);
    expect(deployableEnvNames("query")).not.toContain("AWS_REGION");
    expect(deployableEnvNames("ingestion")).toEqual(expect.arrayContaining(["BROKER_KIND", "DOCUMENTS_BUCKET", "KAFKA_BROKERS"]));
  });

  it("lists every variable the handler code reads (no name is read that the wiring cannot see)", () => {
    const dir = join(__dirname, "../../../lambdas/shared");
    const source = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => readFileSync(join(dir, f), "utf8"))
      .join("\n");
    const read = new Set([...source.matchAll(/r\.(?:required|optional|int|bool|oneOf|matching)\("([A-Z0-9_]+)"/g)].map((m) => m[1]));
    const listed = new Set<string>([...Object.values(HANDLER_ENV), WORKER_ENV].flatMap((list) => list.map((v) => v.name)));
    expect([...read].filter((name) => !listed.has(name!))).toEqual([]);
  });

  it("fails the cold start of each handler module, naming the variable", () => {
    const saved = { ...process.env };
    try {
      for (const key of Object.keys(process.env)) if (/^(PG_|REDIS_|AMQP_|BROKER_|DOCUMENTS_)/.test(key)) delete process.env[key];
      process.env.AWS_REGION = "us-west-2";
      for (const name of ["ingestion", "query", "migrate"]) {
        jest.isolateModules(() => {
          expect(() => require(`../../../lambdas/${name}/handler`)).toThrow(/missing required environment variable PG_HOST/);
        });
      }
    } finally {
      process.env = saved;
    }
  });
});
