import type { Outcome } from "./core";

const BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The worker's Prometheus metrics, written by hand in the text exposition format (version 0.0.4): five series do
 * not justify a client library in the image.
 */
export class WorkerMetrics {
  private readonly processed = new Map<string, number>();
  private failed = 0;
  private deadLettered = 0;
  private retried = 0;
  private inFlight = 0;
  private readonly buckets = BUCKETS_SECONDS.map(() => 0);
  private count = 0;
  private sum = 0;

  started(): void {
    this.inFlight++;
  }

  /** Records a handled message: its outcome and how long it took. */
  finished(outcome: Outcome, seconds: number): void {
    this.inFlight--;
    this.count++;
    this.sum += seconds;
    BUCKETS_SECONDS.forEach((le, i) => {
      if (seconds <= le) this.buckets[i]!++;
    });
    if (outcome.action === "ack" && outcome.result === "processed") {
      const kind = outcome.kind ?? "unknown";
      this.processed.set(kind, (this.processed.get(kind) ?? 0) + 1);
    } else if (outcome.action === "reject") {
      this.failed++;
      this.deadLettered++;
    } else if (outcome.action === "retry") {
      this.retried++;
    }
  }

  /** A file recorded as failed is also dead-lettered; a poison message without a file only the latter. */
  render(): string {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    metric("aec_worker_files_processed_total", "counter", "Files read, checked and recorded, by extracted kind.");
    for (const kind of ["ifc", "pdf", "unknown"]) lines.push(`aec_worker_files_processed_total{kind="${kind}"} ${this.processed.get(kind) ?? 0}`);
    metric("aec_worker_files_failed_total", "counter", "Messages that could not be processed and were rejected.");
    lines.push(`aec_worker_files_failed_total ${this.failed}`);
    metric("aec_worker_messages_dead_lettered_total", "counter", "Messages rejected without requeue (to the dead-letter queue).");
    lines.push(`aec_worker_messages_dead_lettered_total ${this.deadLettered}`);
    metric("aec_worker_messages_requeued_total", "counter", "Messages handed back to the broker unfinished.");
    lines.push(`aec_worker_messages_requeued_total ${this.retried}`);
    metric("aec_worker_in_flight", "gauge", "Messages being processed now.");
    lines.push(`aec_worker_in_flight ${this.inFlight}`);
    metric("aec_worker_processing_duration_seconds", "histogram", "Time from delivery to acknowledgement decision.");
    BUCKETS_SECONDS.forEach((le, i) => lines.push(`aec_worker_processing_duration_seconds_bucket{le="${le}"} ${this.buckets[i]}`));
    lines.push(`aec_worker_processing_duration_seconds_bucket{le="+Inf"} ${this.count}`);
    lines.push(`aec_worker_processing_duration_seconds_sum ${this.sum}`);
    lines.push(`aec_worker_processing_duration_seconds_count ${this.count}`);
    return `${lines.join("\n")}\n`;
  }
}
