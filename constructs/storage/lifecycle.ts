import type { S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import type { Problem } from "../../common/problems";

/** Storage classes current objects can move to, in the only order S3 lets them move (cheaper and colder). */
export const STORAGE_CLASSES = ["STANDARD_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"] as const;
export type StorageClass = (typeof STORAGE_CLASSES)[number];

/** Days after creation at which current objects move to each storage class, e.g. `{ STANDARD_IA: 30 }`. */
export type Transitions = Readonly<Partial<Record<StorageClass, number>>>;

export interface LifecyclePlan {
  readonly versioned: boolean;
  readonly transitions: Transitions;
  readonly expireAfterDays?: number;
  readonly noncurrentVersionExpirationDays: number;
  readonly abortIncompleteUploadsAfterDays: number;
}

// An empty filter applies a rule to every object in the bucket.
const ALL_OBJECTS = [{}];

/** The lifecycle rules of a bucket, keyed by rule id so that adding a rule never renames another. */
export function lifecycleRules(plan: LifecyclePlan): S3BucketLifecycleConfigurationRule[] {
  const rules: S3BucketLifecycleConfigurationRule[] = [
    {
      id: "abort-incomplete-uploads",
      status: "Enabled",
      filter: ALL_OBJECTS,
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: plan.abortIncompleteUploadsAfterDays }],
    },
  ];
  const transitions = STORAGE_CLASSES.filter((c) => plan.transitions[c] !== undefined).map((storageClass) => ({
    storageClass,
    days: plan.transitions[storageClass] as number,
  }));
  if (transitions.length > 0 || plan.expireAfterDays !== undefined) {
    rules.push({
      id: "current-versions",
      status: "Enabled",
      filter: ALL_OBJECTS,
      ...(transitions.length > 0 ? { transition: transitions } : {}),
      ...(plan.expireAfterDays !== undefined ? { expiration: [{ days: plan.expireAfterDays }] } : {}),
    });
  }
  if (plan.versioned) {
    rules.push({
      id: "noncurrent-versions",
      status: "Enabled",
      filter: ALL_OBJECTS,
      noncurrentVersionExpiration: [{ noncurrentDays: plan.noncurrentVersionExpirationDays }],
      // Delete markers with no versions left behind them only slow down listings.
      expiration: [{ expiredObjectDeleteMarker: true }],
    });
  }
  return rules;
}

/** S3 refuses moves to Standard-IA before day 30, and colder moves within 30 days of one to Standard-IA. */
function earliestTransition(storageClass: StorageClass, previous?: { storageClass: StorageClass; days: number }): number {
  if (storageClass === "STANDARD_IA") return 30;
  if (!previous) return 0;
  return previous.storageClass === "STANDARD_IA" ? previous.days + 30 : previous.days + 1;
}

export function checkLifecycle(path: string, plan: LifecyclePlan): Problem[] {
  const problems: Problem[] = [];
  const days = (field: string, value: number | undefined, min: number, expected: string, fix: string) => {
    if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
      problems.push({ field: `${path}.${field}`, value, expected, fix });
    }
  };
  days("abortIncompleteUploadsAfterDays", plan.abortIncompleteUploadsAfterDays, 1, "a whole number of days, at least 1", "e.g. 7");
  days("noncurrentVersionExpirationDays", plan.noncurrentVersionExpirationDays, 1, "a whole number of days, at least 1", "e.g. 90");
  let previous: { storageClass: StorageClass; days: number } | undefined;
  for (const storageClass of STORAGE_CLASSES) {
    const at = plan.transitions[storageClass];
    if (at === undefined) continue;
    const min = earliestTransition(storageClass, previous);
    days(
      `transitions.${storageClass}`,
      at,
      min,
      `a whole number of days of at least ${min} (S3 keeps objects 30 days in Standard-IA, and each move must come after the previous one)`,
      "space the transitions out, e.g. { STANDARD_IA: 30, GLACIER_IR: 90 }",
    );
    previous = { storageClass, days: at };
  }
  const lastMove = previous?.days ?? 0;
  days(
    "expireAfterDays",
    plan.expireAfterDays,
    lastMove + 1,
    `a whole number of days after the last transition (day ${lastMove})`,
    "expire objects after they have moved, or drop the transition",
  );
  return problems;
}
