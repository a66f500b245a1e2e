// The services a developer already runs (PostgreSQL, Redis, RabbitMQ), where to find them, and a quick probe
// that names a missing one. Shared with the integration tests, which look for the same services.
import { connect as amqpConnect } from "amqplib";
import { Redis } from "ioredis";
import { Client } from "pg";

export type ServiceKind = "postgres" | "redis" | "rabbitmq";

export const SERVICE_LABELS: Record<ServiceKind, string> = { postgres: "PostgreSQL", redis: "Redis", rabbitmq: "RabbitMQ" };

/** The URL with its password replaced, for messages. */
export function redactUrl(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password) copy.password = "***";
  return copy.href;
}

/** Connects once and runs the cheapest command; rejects with the client's own error. */
export async function probeService(kind: ServiceKind, url: URL, timeoutMs = 2000): Promise<void> {
  if (kind === "postgres") {
    const client = new Client({ connectionString: url.href, connectionTimeoutMillis: timeoutMs });
    try {
      await client.connect();
      await client.query("SELECT 1");
    } finally {
      await client.end().catch(() => undefined);
    }
  } else if (kind === "redis") {
    const client = new Redis(url.href, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.ping();
    } finally {
      client.disconnect();
    }
  } else {
    const connection = await amqpConnect(url.href, { timeout: timeoutMs });
    await connection.close();
  }
}
