// Settings of the workloads every running environment deploys on its cluster, and their checks. Pure: no cdktf.
import type { Problem } from "./problems";

export interface ProcessingWorkerSettings {
  /** Image tag (`1.4.2`) or digest (`sha256:<64 hex>`) in the environment's `processing-worker` ECR repository. */
  readonly image: string;
  /** Replicas KEDA keeps at least (1 or more: the queue is consumed without waiting for a scale-up). */
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Ready messages per replica KEDA aims for (queue depth / this = replicas). */
  readonly messagesPerReplica: number;
  /** Unacknowledged messages the broker hands one worker (WORKER_PREFETCH). */
  readonly prefetch: number;
  /** Messages one worker processes at once (WORKER_CONCURRENCY); at most `prefetch`. */
  readonly concurrency: number;
  /** Seconds a worker drains in-flight messages after SIGTERM (SHUTDOWN_GRACE_SECONDS); the pod gets 15 more. */
  readonly shutdownGraceSeconds: number;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const VERSION_TAG = /^v?\d+(\.\d+){1,2}([-+][0-9A-Za-z][0-9A-Za-z.+-]*)?$/;

/** Tags the shipped configuration uses until CI publishes a real image: valid, but warned about at synth. */
export const PLACEHOLDER_IMAGE_TAG = /^0\.0\.0-placeholder/;

export function checkProcessingWorker(path: string, s: ProcessingWorkerSettings): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, value: unknown, expected: string, fix: string) => problems.push({ field: `${path}.${field}`, value, expected, fix });
  if (typeof s.image !== "string" || !(DIGEST.test(s.image) || VERSION_TAG.test(s.image))) {
    add("image", s.image, 'an immutable image reference: a version tag such as "1.4.2" or a digest "sha256:<64 hex>" (not "latest" or a branch)', "set the tag or digest CI pushed to the processing-worker repository");
  }
  const whole = (field: keyof ProcessingWorkerSettings, min: number, max: number, fix: string) => {
    const v = s[field];
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) add(field, v, `a whole number from ${min} to ${max}`, fix);
  };
  whole("minReplicas", 1, 100, "keep at least one consumer running");
  whole("maxReplicas", 1, 100, "bound the scale-out by what the database and the compute node group take");
  whole("messagesPerReplica", 1, 10_000, "e.g. 20");
  whole("prefetch", 1, 1_000, "e.g. 20");
  whole("concurrency", 1, 1_000, "e.g. 8");
  whole("shutdownGraceSeconds", 5, 600, "e.g. 30");
  if (Number.isInteger(s.minReplicas) && Number.isInteger(s.maxReplicas) && s.maxReplicas < s.minReplicas) {
    add("maxReplicas", s.maxReplicas, `at least minReplicas (${s.minReplicas})`, "raise maxReplicas or lower minReplicas");
  }
  if (Number.isInteger(s.concurrency) && Number.isInteger(s.prefetch) && s.concurrency > s.prefetch) {
    add("concurrency", s.concurrency, `at most prefetch (${s.prefetch}): a worker cannot work on messages it was not handed`, "raise prefetch or lower concurrency");
  }
  return problems;
}
