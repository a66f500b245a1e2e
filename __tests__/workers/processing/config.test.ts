import { roleCredentialSource } from "../../../lambdas/shared/aws-credentials";
import { DATABASE_ROLES, WORKER_ENV } from "../../../lambdas/shared/env";
import { loadWorkerConfig } from "../../../lambdas/shared/worker-config";

const BASE = {
  AWS_REGION: "us-west-2",
  PG_HOST: "db",
  PG_DATABASE: "files",
  PG_AUTH_MODE: "iam",
  PG_USER: "aec_worker",
  REDIS_HOST: "cache",
  BROKER_KIND: "rabbitmq",
  AMQP_HOST: "mq",
  AMQP_USERNAME: "aec-worker",
  AMQP_PASSWORD: "from-a-kubernetes-secret",
  DOCUMENTS_BUCKET: "documents",
};

describe("worker configuration", () => {
  it("applies the documented defaults", () => {
    const config = loadWorkerConfig(BASE);
    expect(config).toMatchObject({ prefetch: 8, concurrency: 4, healthPort: 8080, metricsPort: 9464, shutdownGraceSeconds: 25 });
    expect(config.broker).toMatchObject({ kind: "rabbitmq", port: 5671, exchange: "files", queue: "files.processing", tls: true });
    expect(config.postgres.auth).toEqual({ kind: "iam", user: DATABASE_ROLES.worker, region: "us-west-2" });
    const defaults = Object.fromEntries(WORKER_ENV.filter((v) => "default" in v).map((v) => [v.name, (v as { default: string }).default]));
    expect(defaults).toMatchObject({ WORKER_PREFETCH: "8", WORKER_CONCURRENCY: "4", HEALTH_PORT: "8080", METRICS_PORT: "9464", SHUTDOWN_GRACE_SECONDS: "25", AMQP_QUEUE: "files.processing" });
  });

  it("declares the broker password as coming from a secret, and no Secrets Manager ARN for the broker", () => {
    expect(WORKER_ENV.find((v) => v.name === "AMQP_PASSWORD")).toMatchObject({ fromSecret: true });
    expect(WORKER_ENV.map((v) => v.name)).not.toContain("AMQP_SECRET_ARN");
    expect(WORKER_ENV.find((v) => v.name === "AWS_REGION")).toMatchObject({ required: true });
  });

  it("fails naming every bad value at once", () => {
    expect(() => loadWorkerConfig({ ...BASE, WORKER_PREFETCH: "2", WORKER_CONCURRENCY: "4", HEALTH_PORT: "9464", AMQP_QUEUE: "bad queue", AMQP_PASSWORD: "" })).toThrow(
      /WORKER_CONCURRENCY \(4\) must not exceed WORKER_PREFETCH \(2\).*HEALTH_PORT and METRICS_PORT must differ, both are 9464.*AMQP_QUEUE must be a queue name.*missing required environment variable AMQP_PASSWORD/,
    );
    expect(() => loadWorkerConfig({ ...BASE, SHUTDOWN_GRACE_SECONDS: "0" })).toThrow(/SHUTDOWN_GRACE_SECONDS must be an integer from 1 to 3600, got "0"/);
  });

  it("reads Kafka settings with a consumer group", () => {
    const config = loadWorkerConfig({ ...BASE, BROKER_KIND: "kafka", KAFKA_BROKERS: "b-1:9098,b-2:9098", KAFKA_GROUP_ID: "proc" });
    expect(config.broker).toEqual({ kind: "kafka", brokers: ["b-1:9098", "b-2:9098"], topic: "file-events", groupId: "proc", auth: "iam", region: "us-west-2", tls: true });
  });
});

describe("role credentials", () => {
  it("come from the Pod Identity agent, with the token file's content as authorization", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const file = join(mkdtempSync(join(tmpdir(), "pod-identity-")), "token");
    writeFileSync(file, "projected-token\n");
    const calls: Array<{ url: string; authorization?: string }> = [];
    const fetchFn = (async (url: string, init: { headers: Record<string, string> }) => {
      calls.push({ url, authorization: init.headers.Authorization });
      return new Response(JSON.stringify({ AccessKeyId: "AKIA", SecretAccessKey: "s", Token: "t", Expiration: new Date(Date.now() + 6 * 3600_000).toISOString() }));
    }) as unknown as typeof fetch;
    const source = roleCredentialSource(
      { AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://169.254.170.23/v1/credentials", AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: file },
      fetchFn,
    );
    expect(() => source.current()).toThrow(/role credentials are not loaded yet/);
    await source.refresh();
    source.close();
    expect(source.current()).toEqual({ accessKeyId: "AKIA", secretAccessKey: "s", sessionToken: "t" });
    expect(calls).toEqual([{ url: "http://169.254.170.23/v1/credentials", authorization: "projected-token" }]);
  });

  it("come from the environment where no agent is configured (Lambda)", () => {
    expect(roleCredentialSource({ AWS_ACCESS_KEY_ID: "A", AWS_SECRET_ACCESS_KEY: "B" }).current()).toEqual({ accessKeyId: "A", secretAccessKey: "B" });
  });
});
