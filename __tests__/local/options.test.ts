import { LOCAL_DEFAULTS, localOptionsFromEnv } from "../../local/options";

describe("localOptionsFromEnv", () => {
  it("defaults to the services' usual local ports and the kit's local names", () => {
    const options = localOptionsFromEnv({});
    expect(options.postgresUrl.href).toBe(LOCAL_DEFAULTS.LOCAL_PG_URL);
    expect(options.redisUrl.href).toBe("redis://127.0.0.1:6379");
    expect(options.amqpUrl.href).toBe(LOCAL_DEFAULTS.LOCAL_AMQP_URL);
    expect(options).toMatchObject({ schema: "aec_local", cachePrefix: "aec-local:", exchange: "aec-local.files", apiPort: 3000, s3Port: 4569 });
  });

  it("takes every override", () => {
    const options = localOptionsFromEnv({
      LOCAL_PG_URL: "postgresql://me:pw@db:6543/files",
      LOCAL_REDIS_URL: "redis://cache:7000",
      LOCAL_AMQP_URL: "amqp://u:p@mq:5673/vh",
      LOCAL_PG_SCHEMA: "mine",
      LOCAL_CACHE_PREFIX: "me:",
      LOCAL_EXCHANGE: "me.files",
      LOCAL_API_PORT: "0",
      LOCAL_S3_PORT: "9000",
    });
    expect(options.postgresUrl.port).toBe("6543");
    expect(options.redisUrl.hostname).toBe("cache");
    expect(options.amqpUrl.pathname).toBe("/vh");
    expect(options).toMatchObject({ schema: "mine", cachePrefix: "me:", exchange: "me.files", apiPort: 0, s3Port: 9000 });
  });

  it("reports every bad variable at once, each with what was expected", () => {
    const run = () =>
      localOptionsFromEnv({
        LOCAL_PG_URL: "mysql://db",
        LOCAL_REDIS_URL: "not a url",
        LOCAL_PG_SCHEMA: "Bad-Schema",
        LOCAL_API_PORT: "70000",
        LOCAL_S3_PORT: "-1",
      });
    expect(run).toThrow(/LOCAL_PG_URL must be a postgres: or postgresql:\/\/ URL, got "mysql:\/\/db"/);
    expect(run).toThrow(/LOCAL_REDIS_URL is not a URL: "not a url"; e\.g\. redis:\/\/127\.0\.0\.1:6379/);
    expect(run).toThrow(/LOCAL_PG_SCHEMA must be a lower-case SQL identifier, got "Bad-Schema"/);
    expect(run).toThrow(/LOCAL_API_PORT must be a port from 0 \(any free port\) to 65535, got "70000"/);
    expect(run).toThrow(/LOCAL_S3_PORT must be a port from 0 \(any free port\) to 65535, got "-1"/);
  });
});
