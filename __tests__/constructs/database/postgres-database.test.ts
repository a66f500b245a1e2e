import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Testing } from "cdktf";
import { PostgresDatabase, type PostgresDatabaseProps } from "../../../constructs/database/postgres-database";
import { resourceAt } from "../../helpers";
import { appGrantee, appSecurityGroup, dataFixture, ref, rolePolicies, synthJson, type DataFixture } from "../connections/fixtures";

function build(props: Partial<PostgresDatabaseProps> = {}, fixture: DataFixture = dataFixture()) {
  const database = new PostgresDatabase(fixture.stack, "database", {
    identifier: "aec-platform-prod-postgres",
    network: fixture.network,
    storageKey: fixture.keys.byClass.database,
    secretKey: fixture.keys.byClass.secrets,
    logKey: fixture.keys.byClass.logs,
    instanceClass: "db.r8g.large",
    ...props,
  });
  return { ...fixture, database, json: synthJson(fixture.stack), synth: Testing.synth(fixture.stack) };
}

describe("PostgresDatabase (prod shape: the secure defaults)", () => {
  const { json, synth } = build();
  const key = (cls: string) => ref(json, "aws_kms_key", `keys/${cls}/key`, "arn");

  it("runs PostgreSQL 17 (major only: RDS applies minors) on the Graviton class, Multi-AZ, privately", () => {
    expect(synth).toHaveResourceWithProperties(DbInstance, {
      engine: "postgres",
      engine_version: "17",
      auto_minor_version_upgrade: true,
      instance_class: "db.r8g.large",
      multi_az: true,
      publicly_accessible: false,
      port: 5432,
    });
  });

  it("stores 100 GiB of gp3 that autoscales to 1000, encrypted with the database key", () => {
    expect(synth).toHaveResourceWithProperties(DbInstance, {
      storage_type: "gp3",
      allocated_storage: 100,
      max_allocated_storage: 1000,
      storage_encrypted: true,
      kms_key_id: key("database"),
    });
  });

  it("never lets RDS manage the master password: RDS refuses a read replica of such an instance", () => {
    const instance = resourceAt(json, "aws_db_instance", "database/instance");
    expect(instance).not.toHaveProperty("manage_master_user_password");
    expect(instance).not.toHaveProperty("master_user_secret_kms_key_id");
    expect(instance).not.toHaveProperty("password");
    expect(synth).toHaveResourceWithProperties(DbInstance, { iam_database_authentication_enabled: true, username: "platform_admin" });
  });

  it("passes one ephemeral password write-only to the instance and to its own secret, in the same apply", () => {
    const password = "ephemeral.aws_secretsmanager_random_password.database_master_password.random_password";
    expect(json.ephemeral?.aws_secretsmanager_random_password?.database_master_password).toEqual({
      password_length: 32,
      exclude_punctuation: true,
      require_each_included_type: true,
    });
    expect(synth).toHaveResourceWithProperties(DbInstance, { password_wo: `\${${password}}`, password_wo_version: 1 });
    expect(synth).toHaveResourceWithProperties(SecretsmanagerSecret, {
      name_prefix: "aec-platform-prod-postgres/master-",
      kms_key_id: key("secrets"),
      recovery_window_in_days: 30,
    });
    const version = resourceAt(json, "aws_secretsmanager_secret_version", "database/master-secret-value");
    expect(version).toMatchObject({
      secret_id: ref(json, "aws_secretsmanager_secret", "database/master-secret", "id"),
      secret_string_wo: `\${jsonencode({ username = "platform_admin", password = ${password} })}`,
      secret_string_wo_version: 1,
      depends_on: [expect.stringMatching(/^aws_db_instance\.database_instance_/)],
      // A replaced instance gets this run's password; so must the secret. Bare reference, on the id.
      lifecycle: { replace_triggered_by: [expect.stringMatching(/^aws_db_instance\.database_instance_[0-9A-F]{8}\.id$/)] },
    });
    expect(version).not.toHaveProperty("secret_string");
  });

  it("rotates by raising masterPasswordVersion: instance and secret move together", () => {
    const { synth: rotated } = build({ masterPasswordVersion: 2 });
    expect(rotated).toHaveResourceWithProperties(DbInstance, { password_wo_version: 2 });
    expect(rotated).toHaveResourceWithProperties(SecretsmanagerSecretVersion, { secret_string_wo_version: 2 });
  });

  it("keeps 30 days of backups, protects against deletion, keeps a final snapshot and the backups", () => {
    expect(synth).toHaveResourceWithProperties(DbInstance, {
      backup_retention_period: 30,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "aec-platform-prod-postgres-final",
      delete_automated_backups: false,
      copy_tags_to_snapshot: true,
    });
  });

  it("forces TLS and logs DDL and statements slower than a second", () => {
    expect(synth).toHaveResourceWithProperties(DbParameterGroup, {
      family: "postgres17",
      parameter: [
        { name: "rds.force_ssl", value: "1" },
        { name: "log_statement", value: "ddl" },
        { name: "log_min_duration_statement", value: "1000" },
      ],
      lifecycle: { create_before_destroy: true },
    });
  });

  it("has Performance Insights under the database key and enhanced monitoring through its own role", () => {
    expect(synth).toHaveResourceWithProperties(DbInstance, {
      performance_insights_enabled: true,
      performance_insights_kms_key_id: key("database"),
      performance_insights_retention_period: 7,
      monitoring_interval: 60,
      monitoring_role_arn: ref(json, "aws_iam_role", "database/monitoring-role", "arn"),
    });
    expect(synth).toHaveResourceWithProperties(IamRolePolicyAttachment, {
      policy_arn: "arn:${data.aws_partition.aws-context-partition.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
    });
    const trust = JSON.parse(String(resourceAt(json, "aws_iam_role", "database/monitoring-role").assume_role_policy));
    expect(trust.Statement[0]).toMatchObject({
      Principal: { Service: "monitoring.rds.amazonaws.com" },
      Condition: { StringEquals: { "aws:SourceAccount": "${data.aws_caller_identity.aws-context-account.account_id}" } },
    });
  });

  it("exports PostgreSQL and upgrade logs into log groups it creates first, encrypted and expiring", () => {
    expect(synth).toHaveResourceWithProperties(DbInstance, { enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"] });
    for (const log of ["postgresql", "upgrade"]) {
      expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
        name: `/aws/rds/instance/aec-platform-prod-postgres/${log}`,
        retention_in_days: 365,
        kms_key_id: key("logs"),
      });
    }
    expect(resourceAt(json, "aws_db_instance", "database/instance").depends_on).toHaveLength(2);
  });

  it("lets CloudWatch Logs use the logs key for exactly these groups", () => {
    const policy = JSON.parse(String(resourceAt(json, "aws_kms_key", "keys/logs/key").policy));
    const statement = policy.Statement.find((s: { Sid: string }) => s.Sid === "LogsUseDatabaseLogPostgresql");
    expect(statement.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"]).toMatch(
      /:log-group:\/aws\/rds\/instance\/aec-platform-prod-postgres\/postgresql$/,
    );
  });

  it("lives in the data subnets behind its own security group", () => {
    expect(synth).toHaveResourceWithProperties(DbSubnetGroup, {
      subnet_ids: ["us-west-2a", "us-west-2b", "us-west-2c"].map((az) => ref(json, "aws_subnet", `network/data-${az}`, "id")),
    });
    expect(synth).toHaveResourceWithProperties(DbInstance, {
      vpc_security_group_ids: [ref(json, "aws_security_group", "database/security-group", "id")],
    });
  });
});

describe("PostgresDatabase (dev shape)", () => {
  const { synth } = build({
    identifier: "aec-platform-dev-postgres",
    instanceClass: "db.t4g.small",
    storageGiB: 20,
    maxStorageGiB: 100,
    multiAz: false,
    backupRetentionDays: 7,
    deletionProtection: false,
    slowQueryThresholdMs: 500,
    logRetentionDays: 14,
  });

  it("is a small single-AZ burstable instance with a week of backups", () => {
    expect(synth).toHaveResourceWithProperties(DbInstance, {
      instance_class: "db.t4g.small",
      allocated_storage: 20,
      max_allocated_storage: 100,
      multi_az: false,
      backup_retention_period: 7,
    });
  });

  it("can be deleted without a final snapshot", () => {
    expect(synth).toHaveResourceWithProperties(DbInstance, {
      deletion_protection: false,
      skip_final_snapshot: true,
      delete_automated_backups: true,
    });
    expect(synth).not.toHaveResourceWithProperties(DbInstance, { final_snapshot_identifier: expect.anything() });
  });

  it("logs statements slower than the configured threshold", () => {
    expect(synth).toHaveResourceWithProperties(DbParameterGroup, {
      parameter: expect.arrayContaining([{ name: "log_min_duration_statement", value: "500" }]),
    });
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, { retention_in_days: 14 });
  });
});

describe("PostgresDatabase as a cross-region read replica", () => {
  const sourceArn = "arn:aws:rds:us-west-2:123456789012:db:aec-platform-prod-postgres";
  const { json, synth } = build({ identifier: "aec-platform-prod-dr-postgres", origin: { kind: "replica", sourceArn } });
  const instance = resourceAt(json, "aws_db_instance", "database/instance");

  it("follows its source and inherits its credentials: no password, user, secret or database name of its own", () => {
    expect(instance.replicate_source_db).toBe(sourceArn);
    for (const attribute of ["password_wo", "password_wo_version", "username", "db_name", "manage_master_user_password"]) {
      expect(instance).not.toHaveProperty(attribute);
    }
    expect(json.ephemeral).toBeUndefined();
    expect(synth).not.toHaveResource(SecretsmanagerSecret);
  });

  it("is deleted without a final snapshot, which RDS refuses for a replica, even where deletion is protected", () => {
    expect(instance).toMatchObject({ deletion_protection: true, skip_final_snapshot: true });
    expect(instance).not.toHaveProperty("final_snapshot_identifier");
  });
});

describe("PostgresDatabase promoted from a replica", () => {
  const { json } = build({ identifier: "aec-platform-prod-dr-postgres", origin: { kind: "promoted" } });
  const instance = resourceAt(json, "aws_db_instance", "database/instance");

  it("sets a new master password into a secret of its own region, and keeps a final snapshot again", () => {
    expect(instance).toMatchObject({ password_wo_version: 1, skip_final_snapshot: false, final_snapshot_identifier: "aec-platform-prod-dr-postgres-final" });
    expect(instance.password_wo).toMatch(/^\$\{ephemeral\.aws_secretsmanager_random_password\./);
    // Fixed at creation: setting them on the promoted instance would replace it.
    expect(instance).not.toHaveProperty("username");
    expect(instance).not.toHaveProperty("db_name");
    expect(resourceAt(json, "aws_secretsmanager_secret", "database/master-secret").name_prefix).toBe("aec-platform-prod-dr-postgres/master-");
  });
});

describe("PostgresDatabase integrations", () => {
  it("admits an app-tier security group on 5432", () => {
    const fixture = dataFixture();
    const app = appSecurityGroup(fixture);
    const { database, json } = (() => {
      const built = build({}, fixture);
      built.database.allowFrom(app);
      return { database: built.database, json: synthJson(fixture.stack) };
    })();
    expect(database.port).toBe(5432);
    const rules = Object.values(json.resource?.aws_vpc_security_group_ingress_rule ?? {});
    expect(rules).toEqual([
      expect.objectContaining({ from_port: 5432, to_port: 5432, referenced_security_group_id: "${aws_security_group.app.id}" }),
    ]);
  });

  it("grants rds-db:connect for one database user of this instance only", () => {
    const fixture = dataFixture();
    const { database } = build({}, fixture);
    database.grantConnect(appGrantee(fixture.stack), "ingestion");
    const json = synthJson(fixture.stack);
    expect(rolePolicies(json)["database-connect-ingestion"].Statement).toEqual([
      {
        Effect: "Allow",
        Action: "rds-db:connect",
        Resource: `arn:\${data.aws_partition.aws-context-partition.partition}:rds-db:\${data.aws_region.aws-context-region.region}:\${data.aws_caller_identity.aws-context-account.account_id}:dbuser:${ref(json, "aws_db_instance", "database/instance", "resource_id")}/ingestion`,
      },
    ]);
  });

  it("fails to grant a database user name that is not an identifier", () => {
    const fixture = dataFixture();
    const { database } = build({}, fixture);
    expect(() => database.grantConnect(appGrantee(fixture.stack), "*")).toThrow(
      'dbUser: got "*"; expected a lower-case database user name',
    );
  });
});

describe("PostgresDatabase props validation", () => {
  const fails = (props: Partial<PostgresDatabaseProps>, message: string | RegExp) =>
    expect(() => build(props)).toThrow(message);

  it("fails for an engine version missing from the catalog", () => {
    fails({ engineVersion: "16" as never }, 'database.engineVersion: got "16"; expected a postgres version from the kit\'s catalog (17)');
  });

  it("fails for an instance class that is not an RDS class", () => {
    fails({ instanceClass: "r8g.large" }, 'database.instanceClass: got "r8g.large"; expected an RDS instance class');
  });

  it("fails for storage outside gp3's range", () => {
    fails({ storageGiB: 10, maxStorageGiB: 100 }, "database.storageGiB: got 10; expected gp3 storage of 20 to 65536 GiB");
  });

  it("fails for an autoscaling ceiling less than 10% above the storage", () => {
    fails({ storageGiB: 100, maxStorageGiB: 105 }, "database.maxStorageGiB: got 105; expected an autoscaling ceiling of at least 10% above storageGiB (110) and at most 65536 GiB");
  });

  it("fails for backup retention under a week or over RDS's 35 days", () => {
    fails({ backupRetentionDays: 3 }, "database.backupRetentionDays: got 3; expected 7 to 35 days of automated backups");
    fails({ backupRetentionDays: 36 }, "database.backupRetentionDays: got 36");
  });

  it("fails for a negative slow-query threshold", () => {
    fails({ slowQueryThresholdMs: -1 }, "database.slowQueryThresholdMs: got -1; expected a slow-query threshold of 0 ms");
  });

  it("fails for Multi-AZ on a network with one AZ", () => {
    expect(() => build({ multiAz: true }, dataFixture(["us-west-2a"]))).toThrow(
      "database.multiAz: got true; expected at least 2 availability zones for Multi-AZ (the network has 1)",
    );
  });

  it("fails for identifiers, database names and master users RDS refuses", () => {
    fails({ identifier: "Prod--db-" }, 'database.identifier: got "Prod--db-"');
    fails({ databaseName: "1app" }, 'database.databaseName: got "1app"; expected a lower-case SQL identifier');
    fails({ masterUsername: "rdsadmin" }, 'database.masterUsername: got "rdsadmin"; expected a lower-case SQL identifier that RDS does not reserve');
  });

  it("fails for a Performance Insights retention RDS does not offer", () => {
    fails({ performanceInsightsRetentionDays: 30 }, "database.performanceInsightsRetentionDays: got 30; expected 7 (free tier), a multiple of 31 up to 713, or 731 days");
  });

  it("fails for an enhanced monitoring interval RDS does not offer", () => {
    fails({ monitoringIntervalSeconds: 0 }, "database.monitoringIntervalSeconds: got 0; expected an enhanced monitoring interval of 1, 5, 10, 15, 30, 60 seconds");
  });

  it("fails for a log retention CloudWatch does not offer", () => {
    fails({ logRetentionDays: 10 }, "retentionDays: got 10; expected a finite CloudWatch Logs retention in days");
  });

  it("fails for a master password version that is not a whole number from 1", () => {
    fails({ masterPasswordVersion: 0 }, "database.masterPasswordVersion: got 0; expected a whole number from 1 up");
    fails({ masterPasswordVersion: 1.5 }, "database.masterPasswordVersion: got 1.5");
  });

  it("reports every problem at once", () => {
    fails({ storageGiB: 10, backupRetentionDays: 1, instanceClass: "x" }, /Invalid PostgresDatabase props \(3 problems\)/);
  });
});
