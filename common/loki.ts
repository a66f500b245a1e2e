// How Loki stores an environment's container logs: the deployment modes the kit supports and their checks. Pure:
// the configuration and the monitoring construct both read it.
import type { Problem } from "./problems";

/**
 * - `single-binary`: one Loki pod, chunks and index on its gp3 volume. A lost volume loses the logs; for dev only.
 * - `simple-scalable`: write (distributor and ingester), read (query path) and backend (compactor, index gateway,
 *   query scheduler, ruler) targets, each replicated and spread over zones, with chunks and index in an S3 bucket
 *   of the platform. Every log line is written to `LOKI_REPLICATION_FACTOR` ingesters before it is acknowledged.
 */
export type LokiLogs =
  | { readonly mode: "single-binary" }
  | {
      readonly mode: "simple-scalable";
      /** Ingesters: at least the replication factor, so a write reaches three of them. @default 3 */
      readonly writeReplicas?: number;
      /** Query path replicas. @default 2 */
      readonly readReplicas?: number;
      /** Backend replicas (the compactor runs on one at a time, elected through the ring). @default 2 */
      readonly backendReplicas?: number;
    };

export type LokiMode = LokiLogs["mode"];
export const LOKI_MODES: readonly LokiMode[] = ["single-binary", "simple-scalable"];

export const DEFAULT_LOKI_LOGS: LokiLogs = { mode: "single-binary" };

/** Copies of each log stream the write path keeps; a write succeeds once a quorum (2) of them acknowledged it. */
export const LOKI_REPLICATION_FACTOR = 3;

export const SIMPLE_SCALABLE_DEFAULTS = { writeReplicas: 3, readReplicas: 2, backendReplicas: 2 } as const;

export type ResolvedLokiLogs =
  | { readonly mode: "single-binary" }
  | { readonly mode: "simple-scalable"; readonly writeReplicas: number; readonly readReplicas: number; readonly backendReplicas: number };

export function resolveLokiLogs(logs: LokiLogs | undefined): ResolvedLokiLogs {
  const given = logs ?? DEFAULT_LOKI_LOGS;
  if (given.mode !== "simple-scalable") return { mode: "single-binary" };
  return {
    mode: "simple-scalable",
    writeReplicas: given.writeReplicas ?? SIMPLE_SCALABLE_DEFAULTS.writeReplicas,
    readReplicas: given.readReplicas ?? SIMPLE_SCALABLE_DEFAULTS.readReplicas,
    backendReplicas: given.backendReplicas ?? SIMPLE_SCALABLE_DEFAULTS.backendReplicas,
  };
}

/**
 * Days past the retention at which the bucket's lifecycle expires an object Loki has not deleted. Loki's compactor
 * enforces the retention; the lifecycle is a backstop for what it misses (a compactor down for days). It must
 * never expire what Loki still reads: a day's index table stays until its newest entry is past the retention (up
 * to one 24 h index period after its oldest), and marked chunks are deleted after `retention_delete_delay` (2 h).
 * Two days cover both; S3 counts from an object's creation and rounds up to the next midnight UTC, which only
 * makes the backstop later, never earlier.
 */
export const LOKI_EXPIRY_MARGIN_DAYS = 2;

export function lokiObjectExpiryDays(retentionDays: number): number {
  return retentionDays + LOKI_EXPIRY_MARGIN_DAYS;
}

const MAX_REPLICAS = 12;

/** Problems of `logs` at `path`; `production` environments must keep their logs off a single node. */
export function checkLokiLogs(path: string, logs: LokiLogs | undefined, production: boolean): Problem[] {
  if (logs === undefined) {
    return production ? [singleBinaryInProduction(path, undefined)] : [];
  }
  if (typeof logs !== "object" || logs === null || !LOKI_MODES.includes((logs as { mode?: LokiMode }).mode as LokiMode)) {
    return [
      {
        field: `${path}.mode`,
        value: (logs as { mode?: unknown } | null)?.mode,
        expected: `one of ${LOKI_MODES.join(", ")}`,
        fix: 'use { mode: "simple-scalable" } (or { mode: "single-binary" } in dev)',
      },
    ];
  }
  if (logs.mode === "single-binary") return production ? [singleBinaryInProduction(path, logs.mode)] : [];
  const problems: Problem[] = [];
  const replicas = (field: "writeReplicas" | "readReplicas" | "backendReplicas", min: number, why: string) => {
    const value = logs[field];
    if (value === undefined || (Number.isInteger(value) && value >= min && value <= MAX_REPLICAS)) return;
    problems.push({
      field: `${path}.${field}`,
      value,
      expected: `a whole number from ${min} to ${MAX_REPLICAS} (${why})`,
      fix: `use ${SIMPLE_SCALABLE_DEFAULTS[field]}, or leave it out`,
    });
  };
  replicas("writeReplicas", LOKI_REPLICATION_FACTOR, `each log stream is written to ${LOKI_REPLICATION_FACTOR} ingesters`);
  replicas("readReplicas", 2, "one replica per zone failure");
  replicas("backendReplicas", 2, "one replica per zone failure");
  return problems;
}

function singleBinaryInProduction(path: string, mode: LokiMode | undefined): Problem {
  return {
    field: `${path}.mode`,
    value: mode,
    expected: 'simple-scalable in a production environment (a single Loki loses its logs with its node\'s volume)',
    fix: 'set logs: { mode: "simple-scalable" }',
  };
}
