// Version rules ask the kit's version catalog through this lookup instead of importing the catalog, so that the
// catalog's shape can change without touching rules, and tests can inject their own answers.

export type VersionSubject =
  | "kubernetes"
  | "postgres"
  | "aurora-postgresql"
  | "mysql"
  | "aurora-mysql"
  | "mariadb"
  | "redis"
  | "valkey"
  | "rabbitmq"
  | "activemq"
  | "kafka"
  | "lambda-runtime"
  | "eks-addon";

export interface VersionVerdict {
  readonly supported: boolean;
  /** Why, e.g. "standard support ends 2027-03-31" or "not in the catalog; supported: 16, 17". */
  readonly detail?: string;
}

/**
 * Answers whether `version` of `subject` is supported. Returns undefined when the catalog does not cover the
 * subject; the rule then only checks that a version is pinned. Keep answers independent of the wall clock (compare
 * end-of-support dates with a date stored in the catalog) so that synthesis stays deterministic.
 */
export type VersionLookup = (subject: VersionSubject, version: string) => VersionVerdict | undefined;

/** Lambda runtimes AWS has deprecated; a floor that applies even without a catalog. */
export const DEPRECATED_LAMBDA_RUNTIMES: ReadonlySet<string> = new Set([
  "nodejs",
  "nodejs4.3",
  "nodejs4.3-edge",
  "nodejs6.10",
  "nodejs8.10",
  "nodejs10.x",
  "nodejs12.x",
  "nodejs14.x",
  "nodejs16.x",
  "nodejs18.x",
  "python2.7",
  "python3.6",
  "python3.7",
  "python3.8",
  "ruby2.5",
  "ruby2.7",
  "java8",
  "go1.x",
  "dotnetcore1.0",
  "dotnetcore2.0",
  "dotnetcore2.1",
  "dotnetcore3.1",
  "dotnet5.0",
  "dotnet6",
  "provided",
]);

/** Maps an RDS/Aurora `engine` value to its catalog subject. */
export function databaseSubject(engine: string | undefined): VersionSubject | undefined {
  switch (engine) {
    case "postgres":
    case "aurora-postgresql":
    case "mysql":
    case "aurora-mysql":
    case "mariadb":
      return engine;
    default:
      return undefined;
  }
}
