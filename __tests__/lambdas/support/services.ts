import { randomBytes } from "node:crypto";
import { probeService, redactUrl } from "../../../local/services";

// The AWS SDK warns on every Node.js major it will soon stop supporting; irrelevant for tests.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

/** Local services, each overridable by an environment variable. */
export const SERVICES = {
  postgres: new URL(process.env.TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"),
  redis: new URL(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379"),
  rabbitmq: new URL(process.env.TEST_AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672"),
};

export type ServiceName = keyof typeof SERVICES;

const HOW_TO_START: Record<ServiceName, string> = {
  postgres:
    "start PostgreSQL (trust or password auth, with a database named in the URL), or point TEST_PG_URL at one, e.g. postgres://user:pass@host:5432/db",
  redis: "start Redis (e.g. `redis-server --port 6379`), or point TEST_REDIS_URL at one, e.g. redis://:password@host:6379",
  rabbitmq: "start RabbitMQ (e.g. `rabbitmq-server -detached`), or point TEST_AMQP_URL at one, e.g. amqp://user:pass@host:5672",
};

/**
 * Fails (never skips) when a service is missing, naming it and how to provide it. Call from beforeAll.
 */
export async function requireServices(...names: ServiceName[]): Promise<void> {
  const failures: string[] = [];
  await Promise.all(
    names.map(async (name) => {
      try {
        await probeService(name, SERVICES[name]);
      } catch (err) {
        failures.push(`${name} is not reachable at ${redactUrl(SERVICES[name])} (${(err as Error).message}): ${HOW_TO_START[name]}`);
      }
    }),
  );
  if (failures.length > 0) throw new Error(`Required test services are missing:\n- ${failures.join("\n- ")}`);
}

/** A short unique name for this test file's schema, key prefix, exchange and queues. */
export function uniqueName(label: string): string {
  return `t_${label}_${randomBytes(4).toString("hex")}`;
}

/** Closed port: nothing listens there, so connections are refused at once. */
export async function closedPort(): Promise<number> {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
