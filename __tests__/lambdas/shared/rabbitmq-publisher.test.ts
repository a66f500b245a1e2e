import { connect } from "amqplib";
import { BrokerUnavailableError, type OutboundEvent } from "../../../lambdas/shared/publisher";
import { RabbitMqPublisher } from "../../../lambdas/shared/rabbitmq-publisher";
import { bindTestQueue, testPublisher } from "../support/fixtures";
import { closedPort, requireServices, SERVICES, uniqueName } from "../support/services";
import { TcpProxy } from "../support/tcp-proxy";

const exchange = `${uniqueName("pub")}.files`;
const amqp = SERVICES.rabbitmq;

let queue: Awaited<ReturnType<typeof bindTestQueue>>;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  await requireServices("rabbitmq");
  queue = await bindTestQueue(exchange, "file.*");
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await queue?.close();
});

function publisherOn(port: number, timeouts = { connectTimeoutMs: 300, confirmTimeoutMs: 300 }): RabbitMqPublisher {
  const publisher = testPublisher(exchange, { port, ...timeouts });
  cleanups.push(() => publisher.close());
  return publisher;
}

const event = (n: number): OutboundEvent => ({
  id: `00000000-0000-8000-8000-00000000000${n}`,
  type: "file.uploaded",
  key: "p1",
  occurredAt: "2024-05-01T10:00:00.000Z",
  payload: { n },
});

describe("RabbitMQ publisher", () => {
  it("publishes persistent JSON messages through confirms, routed by event type", async () => {
    const publisher = publisherOn(Number(amqp.port) || 5672);
    await publisher.publish([event(1), event(2)]);
    expect(await queue.waitFor(2)).toBe(2);
    expect(queue.messages.map((m) => [m.fields.routingKey, m.properties.messageId, m.properties.deliveryMode])).toEqual([
      ["file.uploaded", event(1).id, 2],
      ["file.uploaded", event(2).id, 2],
    ]);
    expect(queue.bodies()[1]).toEqual({ id: event(2).id, type: "file.uploaded", occurredAt: "2024-05-01T10:00:00.000Z", data: { n: 2 } });
  });

  it("fails fast with BrokerUnavailableError when nothing listens", async () => {
    const publisher = publisherOn(await closedPort());
    const failure = publisher.publish([event(3)]);
    await expect(failure).rejects.toBeInstanceOf(BrokerUnavailableError);
    await expect(failure).rejects.toThrow(/ECONNREFUSED/);
  });

  it("gives up within its timeouts when the broker hangs, and recovers once it answers again", async () => {
    const proxy = new TcpProxy(amqp.hostname, Number(amqp.port) || 5672);
    await proxy.start();
    cleanups.push(() => proxy.stop());
    const publisher = publisherOn(proxy.port);
    await publisher.publish([event(4)]);

    proxy.freeze();
    // One confirm wait on the hung connection, one connect attempt on a fresh one: both end in a timeout
    // (ours or amqplib's socket timeout), not in a wait for the test's own time limit.
    await expect(publisher.publish([event(5)])).rejects.toThrow(/broker unavailable: .*(timed out|ETIMEDOUT)/);

    await proxy.restore();
    queue.messages.length = 0;
    await publisher.publish([event(6)]);
    expect(await queue.waitFor(1)).toBe(1);
    expect(queue.messages[0]!.properties.messageId).toBe(event(6).id);
  });

  it("fails with an error that names a missing exchange and how to create it, and declares nothing itself", async () => {
    const missing = `${uniqueName("pub")}.missing`;
    const publisher = testPublisher(missing, { connectTimeoutMs: 2000 });
    cleanups.push(() => publisher.close());
    const failure = publisher.publish([event(7)]);
    await expect(failure).rejects.toBeInstanceOf(BrokerUnavailableError);
    await expect(failure).rejects.toThrow(`exchange "${missing}" does not exist on the broker`);
    await expect(failure).rejects.toThrow(/Run the broker setup function/);
    // Had the publisher declared it, a passive check would now succeed.
    const connection = await connect(amqp.href);
    const channel = await connection.createChannel();
    channel.on("error", () => undefined);
    await expect(channel.checkExchange(missing)).rejects.toThrow(/NOT_FOUND/);
    await connection.close();
  });
});
