import { connect, type Channel, type ChannelModel } from "amqplib";
import { declareTopology, fileEventsTopology, queueArguments, type BrokerTopology } from "../../../lambdas/shared/broker-topology";
import { RABBITMQ_APP_USERS } from "../../../common/broker";
import { BROKER_USERS } from "../../../lambdas/shared/env";
import { removeTopology } from "../support/fixtures";
import { requireServices, SERVICES, uniqueName } from "../support/services";

// Against the machine's RabbitMQ, with names of this file's own, removed again afterwards.
let connection: ChannelModel;
let channel: Channel;
const declared: BrokerTopology[] = [];

async function declareFresh(options: { processingDeliveryLimit?: number } = {}): Promise<BrokerTopology> {
  const topology = fileEventsTopology({ exchange: `${uniqueName("topo")}.files`, ...options });
  declared.push(topology);
  await declareTopology(channel, topology);
  return topology;
}

async function waitForMessage(queue: string) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const message = await channel.get(queue, { noAck: true });
    if (message) return message;
    if (Date.now() > deadline) throw new Error(`no message reached ${queue}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  await requireServices("rabbitmq");
  connection = await connect(SERVICES.rabbitmq.href);
  channel = await connection.createChannel();
});

afterAll(async () => {
  await connection?.close();
  for (const topology of declared) await removeTopology(topology);
});

describe("file events topology", () => {
  it("names everything after the exchange, with the processing queue bound to file.uploaded", () => {
    const topology = fileEventsTopology();
    expect(topology).toEqual({
      exchange: "files",
      unroutedExchange: "files.unrouted",
      unroutedQueue: "files.unrouted",
      deadLetterExchange: "files.dead-letter",
      queues: [{ name: "files.processing", bindingKeys: ["file.uploaded"], deliveryLimit: 5, deadLetterQueue: "files.processing.dead" }],
      processingQueue: "files.processing",
    });
    expect(queueArguments(topology, topology.queues[0]!)).toMatchObject({ "x-queue-type": "quorum", "x-delivery-limit": 5 });
  });

  it("declares idempotently: a second declaration of the same topology changes nothing and fails nothing", async () => {
    const topology = await declareFresh();
    await expect(declareTopology(channel, topology)).resolves.toBeUndefined();
    const processing = await channel.checkQueue(topology.processingQueue);
    expect(processing).toMatchObject({ queue: topology.processingQueue, messageCount: 0 });
  });

  it("keeps an event nothing is bound for in the unrouted queue instead of dropping it", async () => {
    const topology = await declareFresh();
    channel.publish(topology.exchange, "file.renamed", Buffer.from('{"n":1}'), { persistent: true });
    const message = await waitForMessage(topology.unroutedQueue);
    expect([message.fields.exchange, message.fields.routingKey, message.content.toString()]).toEqual([topology.exchange, "file.renamed", '{"n":1}']);
    expect((await channel.checkQueue(topology.processingQueue)).messageCount).toBe(0);
  });

  it("dead-letters a message returned more than deliveryLimit times (rejected with requeue) into the dead-letter queue", async () => {
    const deliveryLimit = 2;
    const topology = await declareFresh({ processingDeliveryLimit: deliveryLimit });
    const deadLetters = topology.queues[0]!.deadLetterQueue;
    channel.publish(topology.exchange, "file.uploaded", Buffer.from("poison"), { persistent: true, messageId: "m1" });
    let deliveries = 0;
    for (;;) {
      const message = await channel.get(topology.processingQueue, { noAck: false });
      if (!message) {
        if ((await channel.checkQueue(deadLetters)).messageCount > 0) break;
        if (deliveries > deliveryLimit + 2) throw new Error(`still not dead-lettered after ${deliveries} deliveries`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      deliveries += 1;
      channel.nack(message, false, true);
    }
    // deliveryLimit returns are survived; the next one dead-letters the message.
    expect(deliveries).toBe(deliveryLimit + 1);
    const dead = await waitForMessage(deadLetters);
    expect([dead.content.toString(), dead.properties.messageId]).toEqual(["poison", "m1"]);
    expect((await channel.checkQueue(topology.processingQueue)).messageCount).toBe(0);
  });

  it("fails loudly when a queue exists with other arguments (a changed delivery limit needs the queue recreated)", async () => {
    const topology = await declareFresh();
    const changed = fileEventsTopology({ exchange: topology.exchange, processingDeliveryLimit: 9 });
    const other = await connection.createChannel();
    other.on("error", () => undefined);
    await expect(declareTopology(other, changed)).rejects.toThrow(/PRECONDITION_FAILED.*x-delivery-limit/);
  });
});

describe("broker user names", () => {
  it("are the same for the constructs (common/) and the broker setup function (lambdas/shared/)", () => {
    expect(RABBITMQ_APP_USERS).toEqual(BROKER_USERS);
  });
});
