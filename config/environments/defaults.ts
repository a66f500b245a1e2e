// What several environments share, named once so that each environment's file shows only what makes it different.
// Pure data: no cdktf.
import type { NodeGroupSettings, NodeTaint } from "../../common/cluster";
import type { IngestionSettings } from "../../common/handlers";
import type { ProcessingWorkerSettings } from "../../common/workloads";

/** Keeps everything but the file-processing workers (which tolerate it) off the compute nodes. */
export const COMPUTE_TAINT: NodeTaint = { key: "workload", value: "compute", effect: "NoSchedule" };

/** The compute node group: on-demand, scaled from zero, labelled and tainted for the file-processing workers. */
export function computeNodeGroup(instanceTypes: readonly string[], maxSize: number): NodeGroupSettings {
  return {
    instanceTypes,
    capacity: "onDemand",
    minSize: 0,
    desiredSize: 0,
    maxSize,
    diskGiB: 100,
    labels: { workload: "compute" },
    taints: [COMPUTE_TAINT],
  };
}

/** Ingestion batching and retention; every environment uses these today. */
export const INGESTION: IngestionSettings = { batchSize: 10, batchingWindowSeconds: 5, queueRetentionDays: 4, deadLetterRetentionDays: 14 };


/**
 * The processing worker in an environment, scaled between `minReplicas` and `maxReplicas` on queue depth. The
 * image is a PLACEHOLDER version (0.0.0-placeholder): valid, so synth and plan run, and warned about at synth; CI
 * sets the tag or digest it pushed to the environment's `processing-worker` repository before the first deploy.
 */
export function processingWorker(minReplicas: number, maxReplicas: number): ProcessingWorkerSettings {
  return {
    image: "0.0.0-placeholder",
    minReplicas,
    maxReplicas,
    messagesPerReplica: 20,
    prefetch: 20,
    concurrency: 8,
    shutdownGraceSeconds: 30,
  };
}
