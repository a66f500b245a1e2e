import type { Problem } from "../../common/problems";

const IDENTIFIER = /^[a-z](?!.*--)[a-z0-9-]{0,61}[a-z0-9]$/;
const SQL_NAME = /^[a-z][a-z0-9_]{0,62}$/;
// Names RDS for PostgreSQL keeps for itself.
const RESERVED_USERS = ["rdsadmin", "rdsrepladmin", "rds_superuser", "postgres"];
const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60];

export interface DatabaseNames {
  readonly identifier: string;
  readonly databaseName: string;
  readonly masterUsername: string;
}

export function checkDatabaseNames(path: string, names: DatabaseNames): Problem[] {
  const problems: Problem[] = [];
  if (!IDENTIFIER.test(names.identifier)) {
    problems.push({
      field: `${path}.identifier`,
      value: names.identifier,
      expected: "2-63 lower-case letters, digits and single dashes, starting with a letter, not ending with a dash",
      fix: 'e.g. "aec-platform-prod-postgres"',
    });
  }
  if (!SQL_NAME.test(names.databaseName)) {
    problems.push({
      field: `${path}.databaseName`,
      value: names.databaseName,
      expected: "a lower-case SQL identifier: a letter, then letters, digits or underscores (at most 63)",
      fix: 'e.g. "app"',
    });
  }
  if (!SQL_NAME.test(names.masterUsername) || RESERVED_USERS.includes(names.masterUsername)) {
    problems.push({
      field: `${path}.masterUsername`,
      value: names.masterUsername,
      expected: `a lower-case SQL identifier that RDS does not reserve (${RESERVED_USERS.join(", ")})`,
      fix: 'e.g. "platform_admin"',
    });
  }
  return problems;
}

export function checkDatabaseMonitoring(
  path: string,
  performanceInsightsRetentionDays: number,
  monitoringIntervalSeconds: number,
): Problem[] {
  const problems: Problem[] = [];
  const pi = performanceInsightsRetentionDays;
  const validPi = pi === 7 || pi === 731 || (Number.isInteger(pi) && pi % 31 === 0 && pi >= 31 && pi <= 713);
  if (!validPi) {
    problems.push({
      field: `${path}.performanceInsightsRetentionDays`,
      value: pi,
      expected: "7 (free tier), a multiple of 31 up to 713, or 731 days",
      fix: "use 7, or 31 x the months to keep",
    });
  }
  if (!MONITORING_INTERVALS.includes(monitoringIntervalSeconds)) {
    problems.push({
      field: `${path}.monitoringIntervalSeconds`,
      value: monitoringIntervalSeconds,
      expected: `an enhanced monitoring interval of ${MONITORING_INTERVALS.join(", ")} seconds`,
      fix: "use 60 unless you chase sub-minute spikes",
    });
  }
  return problems;
}

export function checkDatabaseUser(field: string, user: string): Problem[] {
  if (SQL_NAME.test(user)) return [];
  return [
    {
      field,
      value: user,
      expected: "a lower-case database user name: a letter, then letters, digits or underscores",
      fix: 'create the user with GRANT rds_iam and pass its name, e.g. "ingestion"',
    },
  ];
}

/** `password_wo_version` is a whole number; only raising it rotates (a lower one is a change Terraform applies too). */
export function checkPasswordVersion(field: string, version: number): Problem[] {
  if (Number.isInteger(version) && version >= 1) return [];
  return [
    {
      field,
      value: version,
      expected: "a whole number from 1 up",
      fix: "leave it at 1, and raise it by one to rotate the master password",
    },
  ];
}
