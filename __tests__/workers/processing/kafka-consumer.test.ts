// The Kafka adapter with a fake consumer (no Kafka server runs here): offsets are committed only after the core
// settled a record, poison goes to the dead-letter topic first, and an unfinished record is never committed.
import type { Outcome } from "../../../workers/processing/core";
import { KafkaConsumerAdapter, type KafkaConsumerPort } from "../../../workers/processing/kafka-consumer";
import { WorkerMetrics } from "../../../workers/processing/metrics";
import { quiet } from "./harness";

function fakeConsumer() {
  const commits: string[] = [];
  let eachMessage: ((p: { topic: string; partition: number; message: { offset: string; value: Buffer | null } }) => Promise<void>) | undefined;
  const port: KafkaConsumerPort = {
    connect: async () => undefined,
    subscribe: async () => undefined,
    run: async (config) => {
      expect(config.autoCommit).toBe(false);
      eachMessage = config.eachMessage;
    },
    commitOffsets: async (offsets) => {
      commits.push(...offsets.map((o) => `${o.partition}:${o.offset}`));
    },
    stop: async () => undefined,
    disconnect: async () => undefined,
  };
  const deliver = (offset: string, value: string) => eachMessage!({ topic: "file-events", partition: 0, message: { offset, value: Buffer.from(value) } });
  return { port, commits, deliver };
}

function adapterWith(outcomes: Record<string, Outcome>, deadLetter = jest.fn(async () => undefined)) {
  const fake = fakeConsumer();
  const adapter = new KafkaConsumerAdapter(fake.port, {
    topic: "file-events",
    concurrency: 2,
    handle: async (body) => outcomes[body.toString()]!,
    logger: quiet,
    metrics: new WorkerMetrics(),
    deadLetter,
  });
  adapter.start();
  return { ...fake, adapter, deadLetter };
}

describe("Kafka consumer adapter", () => {
  it("commits the next offset only after the core acknowledged the record", async () => {
    const { deliver, commits, adapter } = adapterWith({ a: { action: "ack", result: "processed", kind: "pdf" } });
    await new Promise((r) => setImmediate(r));
    expect(adapter.readiness()).toEqual({ ready: true });
    await deliver("41", "a");
    expect(commits).toEqual(["0:42"]);
  });

  it("sends poison to the dead-letter topic, then commits past it", async () => {
    const { deliver, commits, deadLetter } = adapterWith({ p: { action: "reject", reason: "event is not JSON" } });
    await new Promise((r) => setImmediate(r));
    await deliver("7", "p");
    expect(deadLetter).toHaveBeenCalledWith(Buffer.from("p"), "event is not JSON");
    expect(commits).toEqual(["0:8"]);
  });

  it("commits nothing for a record the core could not finish, or whose dead letter could not be written", async () => {
    const failing = jest.fn(async () => {
      throw new Error("kafka down");
    });
    const { deliver, commits } = adapterWith({ r: { action: "retry", reason: "database unavailable", transient: true }, p: { action: "reject", reason: "x" } }, failing);
    await new Promise((r) => setImmediate(r));
    await expect(deliver("3", "r")).rejects.toThrow("database unavailable");
    await expect(deliver("3", "p")).rejects.toThrow("dead-letter publish failed: kafka down");
    expect(commits).toEqual([]);
  });

  it("refuses new records while draining and reports not ready", async () => {
    const { deliver, adapter } = adapterWith({});
    await new Promise((r) => setImmediate(r));
    expect(await adapter.drain(100)).toEqual({ finished: true });
    expect(adapter.readiness()).toEqual({ ready: false, reason: "draining" });
    await expect(deliver("1", "a")).rejects.toThrow("draining");
  });
});
