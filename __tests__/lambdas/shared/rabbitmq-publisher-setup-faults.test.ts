// A broker that drops or stalls the connection at every point of the publisher's setup (AMQP handshake, channel,
// confirm mode, exchange declaration): the publish fails with BrokerUnavailableError, nothing escapes as an
// unhandled error, no connection stays open, and a later publish on a healthy path goes through.
import { createLogger } from "../../../lambdas/shared/logger";
import { BrokerUnavailableError, type OutboundEvent } from "../../../lambdas/shared/publisher";
import { RabbitMqPublisher } from "../../../lambdas/shared/rabbitmq-publisher";
import { bindTestQueue, testPublisher } from "../support/fixtures";
import { ByteBudgetRelay } from "../support/byte-budget-relay";
import { requireServices, SERVICES, uniqueName } from "../support/services";

jest.setTimeout(60_000);

const exchange = `${uniqueName("pubsetup")}.files`;
const amqp = SERVICES.rabbitmq;
const target = { host: amqp.hostname, port: Number(amqp.port) || 5672 };

const event: OutboundEvent = {
  id: "00000000-0000-8000-8000-0000000000a1",
  type: "file.uploaded",
  key: "p1",
  occurredAt: "2024-05-01T10:00:00.000Z",
  payload: {},
};

let queue: Awaited<ReturnType<typeof bindTestQueue>>;
const unhandled: unknown[] = [];
const record = (err: unknown) => unhandled.push(err);

function publisherOn(port: number): RabbitMqPublisher {
  return testPublisher(exchange, {
    port,
    logger: createLogger({ level: "error", write: () => undefined }),
    connectTimeoutMs: 250,
    confirmTimeoutMs: 250,
  });
}

/**
 * The frames the broker sends from the connection's start until the first publish is confirmed, as
 * [start, end) byte offsets (AMQP 0-9-1: type, channel, size, payload, frame-end octet).
 */
async function setupFrames(): Promise<Array<readonly [number, number]>> {
  const relay = new ByteBudgetRelay(target, Infinity, "cut");
  await relay.start();
  const publisher = publisherOn(relay.port);
  await publisher.publish([event]);
  const bytes = Buffer.concat(relay.recorded);
  await publisher.close();
  await relay.stop();
  const frames: Array<readonly [number, number]> = [];
  for (let at = 0; at + 7 <= bytes.length; ) {
    const end = at + 7 + bytes.readUInt32BE(at + 3) + 1;
    frames.push([at, end]);
    at = end;
  }
  return frames;
}

beforeAll(async () => {
  await requireServices("rabbitmq");
  queue = await bindTestQueue(exchange, "file.*");
  process.on("uncaughtException", record);
  process.on("unhandledRejection", record);
});

afterAll(async () => {
  process.off("uncaughtException", record);
  process.off("unhandledRejection", record);
  await queue?.close();
});

describe("RabbitMQ publisher under setup faults", () => {
  let frames: Array<readonly [number, number]>;
  beforeAll(async () => {
    frames = await setupFrames();
    // Start, Tune, Open-Ok, Channel Open-Ok, Confirm Select-Ok, Exchange Declare-Ok, Basic Ack at least.
    expect(frames.length).toBeGreaterThanOrEqual(7);
  });

  async function runAt(budget: number, mode: "cut" | "stall"): Promise<"published" | "failed"> {
    const relay = new ByteBudgetRelay(target, budget, mode);
    await relay.start();
    const publisher = publisherOn(relay.port);
    let outcome: "published" | "failed" = "published";
    try {
      await publisher.publish([event]);
    } catch (err) {
      expect(err).toBeInstanceOf(BrokerUnavailableError);
      outcome = "failed";
    }
    await publisher.close();
    // The relay sees the publisher's sockets close a few ticks after it destroys them.
    const deadline = Date.now() + 1000;
    while (relay.open() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect({ budget, mode, open: relay.open() }).toEqual({ budget, mode, open: 0 });
    await relay.stop();
    return outcome;
  }

  it("broker drops the connection at the start, inside and at the end of every setup frame", async () => {
    const budgets = frames.flatMap(([start, end]) => [start, start + 1, start + 7, end - 1]);
    const outcomes: Array<"published" | "failed"> = [];
    for (const budget of budgets) outcomes.push(await runAt(budget, "cut"));
    // Everything before the last frame (the publish's own ack) is setup: cut there, the publish fails.
    const lastFrameStart = frames[frames.length - 1]![0];
    budgets.forEach((budget, i) => {
      if (budget < lastFrameStart) expect({ budget, outcome: outcomes[i] }).toEqual({ budget, outcome: "failed" });
    });
    expect(unhandled).toEqual([]);
  });

  it("broker stops answering inside every setup frame", async () => {
    for (const [start] of frames.slice(0, -1)) expect(await runAt(start + 1, "stall")).toBe("failed");
    expect(unhandled).toEqual([]);
  });

  it("publishes again on a healthy path afterwards", async () => {
    queue.messages.length = 0;
    expect(await runAt(Infinity, "cut")).toBe("published");
    expect(await queue.waitFor(1)).toBe(1);
  });
});
