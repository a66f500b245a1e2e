// CloudWatch Logs retention: the values the service accepts, and the check every log group of the kit runs.
import type { Problem } from "./problems";

/** Retention values CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export function checkRetention(field: string, days: number): Problem[] {
  if ((LOG_RETENTION_DAYS as readonly number[]).includes(days)) return [];
  return [
    {
      field,
      value: days,
      expected: `a finite CloudWatch Logs retention in days (${LOG_RETENTION_DAYS.join(", ")})`,
      fix: "pick the nearest allowed value; logs are never kept forever",
    },
  ];
}
