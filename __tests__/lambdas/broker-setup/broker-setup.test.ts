import { connect } from "amqplib";
import { createBrokerSetupHandler } from "../../../lambdas/broker-setup/app";
import { BROKER_USERS, NOTHING } from "../../../lambdas/broker-setup/core";
import { managementApi } from "../../../lambdas/broker-setup/management-api";
import { fileEventsTopology } from "../../../lambdas/shared/broker-topology";
import { loadBrokerSetupConfig } from "../../../lambdas/shared/config";
import { createLogger } from "../../../lambdas/shared/logger";
import { RabbitMqPublisher } from "../../../lambdas/shared/rabbitmq-publisher";
import { staticSecretSource } from "../../../lambdas/shared/secrets";
import { captureLogs } from "../support/logs";
import { startTestRabbitNode, type TestRabbitNode } from "../support/rabbitmq-node";
import { BrokerAccess } from "./broker-access";

// A RabbitMQ node of the test's own: the management API is what creates the users, and the machine's broker has
// no management plugin. Everything below runs against that real broker.
let node: TestRabbitNode;
const exchange = "files";
const topology = fileEventsTopology({ exchange });
const ARNS = { admin: "arn:admin", publisher: "arn:publisher", worker: "arn:worker" };
const secretValues: Record<string, string> = {};
const accesses: BrokerAccess[] = [];
const NO_ACCESS = { configure: NOTHING, write: NOTHING, read: NOTHING };

function setSecret(arn: string, username: string, password: string): void {
  secretValues[arn] = JSON.stringify({ username, password });
}

function setupFunction() {
  const logs = captureLogs();
  const config = loadBrokerSetupConfig({
    AWS_REGION: "us-west-2",
    TLS_ENABLED: "false",
    AMQP_HOST: node.amqpUrl.hostname,
    AMQP_PORT: node.amqpUrl.port,
    AMQP_EXCHANGE: exchange,
    AMQP_ADMIN_SECRET_ARN: ARNS.admin,
    AMQP_MANAGEMENT_URL: node.managementUrl,
    AMQP_PUBLISHER_SECRET_ARN: ARNS.publisher,
    AMQP_WORKER_SECRET_ARN: ARNS.worker,
  });
  return { logs, run: createBrokerSetupHandler(config, logs.logger, { secrets: staticSecretSource(secretValues) }) };
}

async function signIn(username: string, password: string): Promise<BrokerAccess> {
  const access = await BrokerAccess.signIn(node.amqpUrl, username, password);
  accesses.push(access);
  return access;
}

async function depth(queue: string): Promise<number> {
  const connection = await connect(node.amqpUrl.href);
  try {
    return (await (await connection.createChannel()).checkQueue(queue)).messageCount;
  } finally {
    await connection.close();
  }
}

async function waitForDepth(queue: string, count: number): Promise<number> {
  const deadline = Date.now() + 5000;
  let current = await depth(queue);
  while (current < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    current = await depth(queue);
  }
  return current;
}

beforeAll(async () => {
  node = await startTestRabbitNode();
  setSecret(ARNS.admin, node.admin.username, node.admin.password);
  setSecret(ARNS.publisher, BROKER_USERS.publisher, "publisher-password-1");
  setSecret(ARNS.worker, BROKER_USERS.worker, "worker-password-1");
}, 90_000);

afterAll(async () => {
  for (const access of accesses) await access.close();
  await node?.stop();
}, 30_000);

describe("broker setup function", () => {
  it("declares the topology and creates both users with the least permissions, reporting no password", async () => {
    const { run, logs } = setupFunction();
    const report = await run();
    expect(report).toEqual({
      exchange: "files",
      queues: ["files.unrouted", "files.processing", "files.processing.dead"],
      users: [
        { username: "aec-publisher", role: "publisher", user: "created", permissions: { configure: "^$", write: "^files$", read: "^$" } },
        { username: "aec-worker", role: "worker", user: "created", permissions: { configure: "^$", write: "^files$", read: "^files\\.processing$" } },
      ],
    });
    expect(JSON.stringify(report) + logs.lines.join("\n")).not.toMatch(/password-1|guest/);
  });

  it("publisher: publishes to the events exchange (unroutable events reach the unrouted queue) and checks it exists", async () => {
    const publisher = new RabbitMqPublisher({
      host: node.amqpUrl.hostname,
      port: Number(node.amqpUrl.port),
      vhost: "/",
      tls: false,
      exchange,
      credentials: async () => ({ username: BROKER_USERS.publisher, password: "publisher-password-1" }),
      logger: createLogger({ level: "error" }),
    });
    try {
      const base = { key: "p1", occurredAt: "2024-05-01T10:00:00.000Z", payload: {} };
      await publisher.publish([{ id: "00000000-0000-8000-8000-000000000001", type: "file.uploaded", ...base }]);
      // No binding for this type: the alternate exchange keeps it, and publishing needs no permission on it.
      await publisher.publish([{ id: "00000000-0000-8000-8000-000000000002", type: "file.unknown", ...base }]);
    } finally {
      await publisher.close();
    }
    expect(await waitForDepth(topology.processingQueue, 1)).toBe(1);
    expect(await waitForDepth(topology.unroutedQueue, 1)).toBe(1);
    const access = await signIn(BROKER_USERS.publisher, "publisher-password-1");
    expect(await access.attempt((c) => c.checkExchange(exchange))).toBe("ok");
    // A passive queue declare needs no permission either; it reveals only that the queue exists.
    expect(await access.attempt((c) => c.checkQueue(topology.processingQueue))).toBe("ok");
  });

  it("publisher: cannot declare, bind, delete, purge, consume, or publish to any other exchange", async () => {
    const access = await signIn(BROKER_USERS.publisher, "publisher-password-1");
    const refused = /ACCESS_REFUSED/;
    const attempts = {
      declareExchange: await access.attempt((c) => c.assertExchange("t_other", "topic", { durable: false })),
      redeclareOwnExchange: await access.attempt((c) => c.assertExchange(exchange, "topic", { durable: true, arguments: { "alternate-exchange": topology.unroutedExchange } })),
      deleteExchange: await access.attempt((c) => c.deleteExchange(exchange)),
      declareQueue: await access.attempt((c) => c.assertQueue("", { exclusive: true })),
      deleteQueue: await access.attempt((c) => c.deleteQueue(topology.processingQueue)),
      purgeQueue: await access.attempt((c) => c.purgeQueue(topology.processingQueue)),
      bindQueue: await access.attempt((c) => c.bindQueue(topology.processingQueue, exchange, "#")),
      consume: await access.attempt((c) => c.consume(topology.processingQueue, () => undefined)),
      get: await access.attempt((c) => c.get(topology.processingQueue)),
      publishToUnrouted: await access.publish(topology.unroutedExchange, ""),
      publishToDeadLetters: await access.publish(topology.deadLetterExchange, topology.queues[0]!.deadLetterQueue),
      publishToDefaultExchange: await access.publish("", topology.processingQueue),
      publishToAmqTopic: await access.publish("amq.topic", "file.uploaded"),
    };
    for (const [name, outcome] of Object.entries(attempts)) expect([name, outcome]).toEqual([name, expect.stringMatching(refused)]);
  });

  it("worker: consumes and acknowledges its queue and publishes file.processed, nothing else", async () => {
    const access = await signIn(BROKER_USERS.worker, "worker-password-1");
    expect(await access.attempt((c) => c.checkQueue(topology.processingQueue))).toBe("ok");
    expect(
      await access.attempt(async (c) => {
        const message = await c.get(topology.processingQueue);
        if (!message) throw new Error("no message to consume");
        c.ack(message);
      }),
    ).toBe("ok");
    expect(await access.attempt((c) => c.consume(topology.processingQueue, () => undefined))).toBe("ok");
    expect(await access.publish(exchange, "file.processed")).toBe("ok");

    const refused = /ACCESS_REFUSED/;
    const attempts = {
      consumeUnrouted: await access.attempt((c) => c.consume(topology.unroutedQueue, () => undefined)),
      consumeDeadLetters: await access.attempt((c) => c.consume(topology.queues[0]!.deadLetterQueue, () => undefined)),
      declareQueue: await access.attempt((c) => c.assertQueue("", { exclusive: true })),
      deleteQueue: await access.attempt((c) => c.deleteQueue(topology.processingQueue)),
      declareExchange: await access.attempt((c) => c.assertExchange("t_other", "topic", { durable: false })),
      deleteExchange: await access.attempt((c) => c.deleteExchange(exchange)),
      bindQueue: await access.attempt((c) => c.bindQueue(topology.processingQueue, exchange, "#")),
      publishToDeadLetters: await access.publish(topology.deadLetterExchange, topology.queues[0]!.deadLetterQueue),
      publishToUnrouted: await access.publish(topology.unroutedExchange, ""),
      publishToDefaultExchange: await access.publish("", topology.processingQueue),
    };
    for (const [name, outcome] of Object.entries(attempts)) expect([name, outcome]).toEqual([name, expect.stringMatching(refused)]);
  });

  it("runs again without change (idempotent) and applies a rotated password: the old one stops working", async () => {
    setSecret(ARNS.publisher, BROKER_USERS.publisher, "publisher-password-2");
    const report = await setupFunction().run();
    expect(report.users.map((u) => [u.username, u.user])).toEqual([
      ["aec-publisher", "updated"],
      ["aec-worker", "updated"],
    ]);
    await expect(signIn(BROKER_USERS.publisher, "publisher-password-1")).rejects.toThrow(/ACCESS_REFUSED|403/);
    const access = await signIn(BROKER_USERS.publisher, "publisher-password-2");
    expect(await access.publish(exchange, "file.uploaded")).toBe("ok");
  });

  it("refuses a user secret that names the admin (its permissions would be replaced), before touching the broker", async () => {
    setSecret(ARNS.worker, node.admin.username, "worker-password-1");
    try {
      await expect(setupFunction().run()).rejects.toThrow(
        'broker setup refused: the worker user\'s secret names the admin user "guest": give it a user of its own',
      );
    } finally {
      setSecret(ARNS.worker, BROKER_USERS.worker, "worker-password-1");
    }
    const admin = await signIn(node.admin.username, node.admin.password);
    expect(await admin.attempt((c) => c.assertExchange("t_admin_still_configures", "topic", { durable: false, autoDelete: true }))).toBe("ok");
  });

  it("fails the deployment with the broker's refusal when the admin secret is wrong", async () => {
    setSecret(ARNS.admin, node.admin.username, "not-the-password");
    try {
      // The AMQP sign-in comes first and is refused; the message names the broker's reason.
      await expect(setupFunction().run()).rejects.toThrow(/ACCESS_REFUSED|403/);
    } finally {
      setSecret(ARNS.admin, node.admin.username, node.admin.password);
    }
  });

  it("management API client: encodes the vhost, and names a refused admin without echoing any password", async () => {
    const api = managementApi(node.managementUrl, { username: node.admin.username, password: "not-the-password" });
    const failure = api.putUser("t_someone", "someone-password");
    await expect(failure).rejects.toThrow(
      "RabbitMQ management API: set up user t_someone (PUT /api/users/t_someone) answered HTTP 401 (the admin secret does not match the broker's admin password)",
    );
    await expect(failure).rejects.not.toThrow(/someone-password|not-the-password/);
    const good = managementApi(node.managementUrl, node.admin);
    await expect(good.putUser("t_client_check", "client-check-password")).resolves.toBe("created");
    await expect(good.putPermissions("no-such-vhost", "t_client_check", NO_ACCESS)).rejects.toThrow(
      "PUT /api/permissions/no-such-vhost/t_client_check) answered HTTP 400",
    );
    // The default vhost "/" travels as %2F; unencoded, the path would not name a vhost at all.
    await expect(good.putPermissions("/", "t_client_check", NO_ACCESS)).resolves.toBeUndefined();
  });
});
