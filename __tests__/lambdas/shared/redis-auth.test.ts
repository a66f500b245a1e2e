import { Redis } from "ioredis";
import { ConfigError, loadQueryConfig } from "../../../lambdas/shared/config";
import { createLogger } from "../../../lambdas/shared/logger";
import { createRedis, type RedisHandle } from "../../../lambdas/shared/redis";
import { staticSecretSource } from "../../../lambdas/shared/secrets";
import { requireServices, SERVICES, uniqueName } from "../support/services";

const BASE = {
  AWS_REGION: "us-west-2",
  PG_HOST: "db.example.internal",
  PG_DATABASE: "files",
  PG_SECRET_ARN: "arn:aws:secretsmanager:us-west-2:1:secret:rds",
  REDIS_HOST: "cache.example.internal",
};
const IAM = { REDIS_AUTH_MODE: "iam", REDIS_USER: "aec-platform-prod-cache-app", REDIS_REPLICATION_GROUP_ID: "aec-platform-prod-cache" };

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadQueryConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe("Redis authentication settings", () => {
  it("defaults to no AUTH, and to an AUTH token when its secret is given", () => {
    expect(loadQueryConfig(BASE).redis.auth).toEqual({ kind: "none" });
    expect(loadQueryConfig({ ...BASE, REDIS_AUTH_SECRET_ARN: "arn:secret" }).redis.auth).toEqual({ kind: "token", secretArn: "arn:secret" });
  });

  it("reads IAM authentication with the user, the replication group and the function's region", () => {
    expect(loadQueryConfig({ ...BASE, ...IAM, REDIS_CLUSTER: "true" }).redis).toMatchObject({
      cluster: true,
      auth: { kind: "iam", user: "aec-platform-prod-cache-app", replicationGroupId: "aec-platform-prod-cache", region: "us-west-2" },
    });
  });

  it("names what IAM authentication is missing", () => {
    expect(problemsOf({ ...BASE, REDIS_AUTH_MODE: "iam" })).toEqual([
      "missing required environment variable REDIS_REPLICATION_GROUP_ID",
      "missing required environment variable REDIS_USER",
    ]);
    expect(problemsOf({ ...BASE, REDIS_AUTH_MODE: "token" })).toEqual(["missing required environment variable REDIS_AUTH_SECRET_ARN"]);
  });

  it("rejects an AUTH secret next to another mode, an unknown mode and a malformed group id", () => {
    expect(problemsOf({ ...BASE, ...IAM, REDIS_AUTH_SECRET_ARN: "arn:secret" })).toEqual([
      'REDIS_AUTH_SECRET_ARN is set but REDIS_AUTH_MODE is "iam"; unset it or use REDIS_AUTH_MODE=token',
    ]);
    expect(problemsOf({ ...BASE, REDIS_AUTH_MODE: "password" })).toEqual(['REDIS_AUTH_MODE must be one of none, token, iam, got "password"']);
    expect(problemsOf({ ...BASE, ...IAM, REDIS_REPLICATION_GROUP_ID: "Cache_1" })).toEqual([
      'REDIS_REPLICATION_GROUP_ID must be an ElastiCache replication group id (lower case), got "Cache_1"',
    ]);
  });
});

// A local Redis has no IAM, but an ACL user with a password stands in for the RBAC user: what matters is that the
// client signs in as the user with whatever the token source returns at the moment it connects.
describe("Redis IAM sign-in against a real server", () => {
  const user = uniqueName("iam");
  let admin: Redis;
  let handle: RedisHandle | undefined;

  beforeAll(async () => {
    await requireServices("redis");
    admin = new Redis(SERVICES.redis.href);
    await admin.call("ACL", "SETUSER", user, "on", ">token-1", "~*", "+@all");
  });

  afterAll(async () => {
    await handle?.close();
    await admin.call("ACL", "DELUSER", user);
    admin.disconnect();
  });

  it("signs in as the user with the current token, and with a new one on every reconnect", async () => {
    let current = "token-1";
    let signed = 0;
    const config = loadQueryConfig({
      ...BASE,
      ...IAM,
      REDIS_USER: user,
      REDIS_HOST: SERVICES.redis.hostname,
      REDIS_PORT: SERVICES.redis.port || "6379",
      TLS_ENABLED: "false",
    });
    handle = await createRedis(config.redis, staticSecretSource({}), createLogger({ level: "error" }), undefined, {
      iamTokens: () => {
        signed++;
        return current;
      },
    });
    const client = handle.commands as unknown as Redis;
    expect(await client.call("ACL", "WHOAMI")).toBe(user);

    // The server now only accepts the next token; the client must present it when it reconnects.
    await admin.call("ACL", "SETUSER", user, "resetpass", ">token-2");
    current = "token-2";
    const before = signed;
    let timer: NodeJS.Timeout | undefined;
    const reconnected = new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error("no reconnect within 5 s")), 5000);
      client.once("ready", () => resolve());
    });
    await admin.call("CLIENT", "KILL", "USER", user);
    await reconnected.finally(() => clearTimeout(timer));
    expect(await client.call("ACL", "WHOAMI")).toBe(user);
    expect(signed).toBeGreaterThan(before);
  });
});
