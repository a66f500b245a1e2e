import type { VersionLookup } from "../../../../constructs/policy";
import { ruleSuite } from "./harness";

const KEY = "${aws_kms_key.database.arn}";
const db = (config: Record<string, unknown>) => ({ aws_db_instance: { db: config } });
const cluster = (config: Record<string, unknown>) => ({ aws_rds_cluster: { db: config } });
const replica = (config: Record<string, unknown> = {}) => db({ replicate_source_db: "${aws_db_instance.primary.arn}", ...config });
const clusterReplica = cluster({ replication_source_identifier: "${aws_rds_cluster.primary.arn}" });
const notRequired = "not required: the environment does not ask for deletion protection";

ruleSuite("rds", {
  "KIT-RDS-001": [
    { name: "encrypted with a stack key", expect: ["pass"], resources: db({ storage_encrypted: true, kms_key_id: KEY }) },
    { name: "cluster encrypted with a stack key", expect: ["pass"], resources: cluster({ storage_encrypted: true, kms_key_id: KEY }) },
    { name: "a replica without kms_key_id inherits its source's key", expect: ["pass", "replica in the source's region inherits its key"], resources: replica() },
    { name: "a cross-region replica with a key is judged like any database", expect: ["fail", "storage_encrypted is not true"], resources: replica({ kms_key_id: KEY }) },
    { name: "storage_encrypted absent", expect: ["fail", "storage_encrypted is not true"], resources: db({ kms_key_id: KEY }) },
    { name: "storage_encrypted false", expect: ["fail", "storage_encrypted is not true"], resources: db({ storage_encrypted: false, kms_key_id: KEY }) },
    { name: "encrypted without a key", expect: ["fail", "kms_key_id: no KMS key is set, so the service uses an AWS-managed key"], resources: db({ storage_encrypted: true }) },
    {
      name: "encrypted with the AWS-managed alias",
      expect: ["fail", 'kms_key_id: "alias/aws/rds" is an AWS-managed key alias'],
      resources: db({ storage_encrypted: true, kms_key_id: "alias/aws/rds" }),
    },
  ],
  "KIT-RDS-002": [
    { name: "publicly_accessible absent (private)", expect: ["pass"], resources: db({}) },
    { name: "publicly_accessible false", expect: ["pass"], resources: db({ publicly_accessible: false }) },
    { name: "publicly_accessible true", expect: ["fail", "publicly_accessible is true"], resources: db({ publicly_accessible: true }) },
    {
      name: "a public cluster instance",
      expect: ["fail", "publicly_accessible is true"],
      resources: { aws_rds_cluster_instance: { member: { cluster_identifier: "c", instance_class: "db.r6g.large", engine: "aurora-postgresql", publicly_accessible: true } } },
    },
  ],
  "KIT-RDS-003": [
    { name: "exactly the minimum", expect: ["pass"], resources: db({ backup_retention_period: 7 }) },
    { name: "a cluster above the minimum", expect: ["pass"], resources: cluster({ backup_retention_period: 30 }) },
    { name: "one day short", expect: ["fail", "backup_retention_period is 6; at least 7 required"], resources: db({ backup_retention_period: 6 }) },
    { name: "unset", expect: ["fail", "backup_retention_period is unset (AWS keeps 1 day); at least 7 required"], resources: db({}) },
    {
      name: "a stricter environment minimum",
      expect: ["fail", "backup_retention_period is 7; at least 30 required"],
      settings: { minBackupRetentionDays: 30 },
      resources: db({ backup_retention_period: 7 }),
    },
    { name: "from an expression", expect: ["pass", "retention comes from an expression; not checked"], resources: db({ backup_retention_period: "${var.days}" }) },
    { name: "replicas keep no backups of their own", expect: ["n/a"], resources: replica() },
    { name: "cluster replicas neither", expect: ["n/a"], resources: clusterReplica },
  ],
  "KIT-RDS-004": [
    { name: "final snapshot named", expect: ["pass"], resources: db({ final_snapshot_identifier: "db-final" }) },
    { name: "skip_final_snapshot true", expect: ["fail", "skip_final_snapshot is true"], resources: db({ skip_final_snapshot: true, final_snapshot_identifier: "db-final" }) },
    {
      name: "no final snapshot identifier",
      expect: ["fail", "final_snapshot_identifier is unset, so terraform destroy cannot take the final snapshot"],
      resources: db({ skip_final_snapshot: false }),
    },
    { name: "an environment without deletion protection", expect: ["pass", notRequired], settings: { deletionProtection: false }, resources: db({ skip_final_snapshot: true }) },
    { name: "replicas take no final snapshot", expect: ["n/a"], resources: replica({ skip_final_snapshot: true }) },
  ],
  "KIT-RDS-005": [
    { name: "deletion_protection true", expect: ["pass"], resources: db({ deletion_protection: true }) },
    { name: "a cluster with deletion_protection true", expect: ["pass"], resources: cluster({ deletion_protection: true }) },
    { name: "deletion_protection absent", expect: ["fail", "deletion_protection is not true"], resources: db({}) },
    { name: "deletion_protection false", expect: ["fail", "deletion_protection is not true"], resources: db({ deletion_protection: false }) },
    { name: "a replica is held to it too", expect: ["fail", "deletion_protection is not true"], resources: replica() },
    { name: "an environment without deletion protection", expect: ["pass", notRequired], settings: { deletionProtection: false }, resources: db({}) },
  ],
  "KIT-RDS-006": [
    { name: "multi_az true", expect: ["pass"], resources: db({ multi_az: true }) },
    { name: "multi_az absent", expect: ["fail", "multi_az is not true"], resources: db({}) },
    { name: "multi_az false", expect: ["fail", "multi_az is not true"], resources: db({ multi_az: false }) },
    { name: "an environment without Multi-AZ", expect: ["pass", "not required: the environment does not ask for Multi-AZ"], settings: { multiAz: false }, resources: db({}) },
    { name: "replicas are judged by their source", expect: ["n/a"], resources: replica() },
  ],
  "KIT-RDS-007": [
    { name: "PostgreSQL exports its log", expect: ["pass"], resources: db({ engine: "postgres", enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"] }) },
    { name: "MySQL exports its error log", expect: ["pass"], resources: db({ engine: "mysql", enabled_cloudwatch_logs_exports: ["error"] }) },
    { name: "an engine with no required log exports anything", expect: ["pass"], resources: db({ engine: "oracle-ee", enabled_cloudwatch_logs_exports: ["alert"] }) },
    { name: "nothing exported", expect: ["fail", "enabled_cloudwatch_logs_exports is empty"], resources: db({ engine: "postgres" }) },
    { name: "an empty list", expect: ["fail", "enabled_cloudwatch_logs_exports is empty"], resources: db({ engine: "oracle-ee", enabled_cloudwatch_logs_exports: [] }) },
    {
      name: "Aurora PostgreSQL without the postgresql log",
      expect: ["fail", "the postgresql log is not exported"],
      resources: cluster({ engine: "aurora-postgresql", enabled_cloudwatch_logs_exports: ["instance"] }),
    },
    { name: "Aurora MySQL 5.6 (engine aurora) without the error log", expect: ["fail", "the error log is not exported"], resources: cluster({ engine: "aurora", enabled_cloudwatch_logs_exports: ["audit"] }) },
    { name: "MariaDB without the error log", expect: ["fail", "the error log is not exported"], resources: db({ engine: "mariadb", enabled_cloudwatch_logs_exports: ["slowquery"] }) },
  ],
  "KIT-RDS-008": rds008(),
  "KIT-RDS-009": [
    { name: "IAM authentication on", expect: ["pass"], resources: db({ iam_database_authentication_enabled: true }) },
    { name: "IAM authentication absent", expect: ["fail", "iam_database_authentication_enabled is not true"], resources: db({}) },
    { name: "a cluster with it off", expect: ["fail", "iam_database_authentication_enabled is not true"], resources: cluster({ iam_database_authentication_enabled: false }) },
    { name: "replicas inherit it", expect: ["n/a"], resources: replica() },
  ],
  "KIT-RDS-010": [
    { name: "Performance Insights with the database key", expect: ["pass"], resources: db({ performance_insights_enabled: true, performance_insights_kms_key_id: KEY }) },
    {
      name: "Performance Insights without a key",
      expect: ["fail", "performance_insights_kms_key_id: no KMS key is set, so the service uses an AWS-managed key"],
      resources: db({ performance_insights_enabled: true }),
    },
    { name: "Performance Insights off", expect: ["n/a"], resources: db({ performance_insights_enabled: false }) },
    { name: "Performance Insights absent", expect: ["n/a"], resources: cluster({}) },
  ],
  "KIT-RDS-011": [
    { name: "absent (the provider upgrades)", expect: ["pass"], resources: db({}) },
    { name: "true", expect: ["pass"], resources: db({ auto_minor_version_upgrade: true }) },
    { name: "false", expect: ["fail", "auto_minor_version_upgrade is false"], resources: db({ auto_minor_version_upgrade: false }) },
    {
      name: "a cluster instance with false",
      expect: ["fail", "auto_minor_version_upgrade is false"],
      resources: { aws_rds_cluster_instance: { member: { cluster_identifier: "c", instance_class: "db.r6g.large", engine: "aurora-postgresql", auto_minor_version_upgrade: false } } },
    },
  ],
  "KIT-RDS-012": [
    { name: "copy_tags_to_snapshot true", expect: ["pass"], resources: db({ copy_tags_to_snapshot: true }) },
    { name: "copy_tags_to_snapshot absent", expect: ["fail", "copy_tags_to_snapshot is not true"], resources: cluster({}) },
  ],
  "KIT-RDS-013": [
    { name: "write-only password", expect: ["pass"], resources: db({ password_wo: "${ephemeral.random_password.db.result}", password_wo_version: 1 }) },
    { name: "password in state", expect: ["fail", "password is set, so the password is stored in Terraform state"], resources: db({ password: "${random_password.db.result}" }) },
    {
      name: "a cluster's master_password in state",
      expect: ["fail", "master_password is set, so the password is stored in Terraform state"],
      resources: cluster({ master_password: "${random_password.db.result}" }),
    },
    { name: "a cluster's password attribute is not its master password", expect: ["pass"], resources: { aws_rds_cluster: { db: { master_password_wo: "x" } } } },
    { name: "replicas have no password of their own", expect: ["n/a"], resources: replica() },
  ],
  "KIT-RDS-014": [
    { name: "a 60-second interval", expect: ["pass"], resources: db({ monitoring_interval: 60 }) },
    { name: "interval 0 (off)", expect: ["fail", "monitoring_interval is 0"], resources: db({ monitoring_interval: 0 }) },
    { name: "interval unset", expect: ["fail", "monitoring_interval is unset"], resources: db({}) },
    { name: "from an expression", expect: ["pass", "interval comes from an expression; not checked"], resources: db({ monitoring_interval: "${var.interval}" }) },
  ],
  "KIT-RDS-015": rds015(),
  "KIT-RDS-016": [
    { name: "manage_master_user_password absent", expect: ["pass"], resources: db({}) },
    {
      name: "manage_master_user_password true",
      expect: ["fail", "manage_master_user_password is true, so RDS refuses to create a read replica of this database (disaster recovery)"],
      resources: cluster({ manage_master_user_password: true }),
    },
  ],
  "KIT-RDS-017": [
    { name: "a replica that skips the final snapshot", expect: ["pass"], resources: replica({ skip_final_snapshot: true }) },
    {
      name: "a replica that would take one",
      expect: ["fail", "skip_final_snapshot is not true on a read replica, so destroying or replacing it fails"],
      resources: replica(),
    },
    {
      name: "a replica with a final snapshot identifier",
      expect: ["fail", "final_snapshot_identifier is set on a read replica, so destroying or replacing it fails"],
      resources: replica({ skip_final_snapshot: true, final_snapshot_identifier: "replica-final" }),
    },
    {
      name: "both",
      expect: ["fail", "skip_final_snapshot is not true and final_snapshot_identifier is set on a read replica, so destroying or replacing it fails"],
      resources: replica({ skip_final_snapshot: false, final_snapshot_identifier: "replica-final" }),
    },
    { name: "a primary is not a replica", expect: ["n/a"], resources: db({ skip_final_snapshot: false }) },
  ],
});

function rds008() {
  const pgGroup = (value: string) => ({ aws_db_parameter_group: { tls: { family: "postgres16", parameter: [{ name: "rds.force_ssl", value }] } } });
  const plaintext = "rds.force_ssl is not set, and the engine default allows plaintext connections";
  return [
    {
      name: "a stack parameter group forcing TLS",
      expect: ["pass"],
      resources: { ...db({ engine: "postgres", engine_version: "14.9", parameter_group_name: "${aws_db_parameter_group.tls.name}" }), ...pgGroup("1") },
    },
    {
      name: "a stack parameter group allowing plaintext",
      expect: ["fail", 'rds.force_ssl is "0"'],
      resources: { ...db({ engine: "postgres", engine_version: "16.4", parameter_group_name: "${aws_db_parameter_group.tls.name}" }), ...pgGroup("0") },
    },
    {
      name: "a stack parameter group without the parameter falls back to the engine default",
      expect: ["fail", plaintext],
      resources: {
        ...db({ engine: "postgres", engine_version: "14.9", parameter_group_name: "${aws_db_parameter_group.tls.name}" }),
        aws_db_parameter_group: { tls: { family: "postgres14", parameter: [{ name: "log_connections", value: "1" }] } },
      },
    },
    {
      name: "a parameter group from elsewhere",
      expect: ["pass", "parameter_group_name is not a parameter group of this stack; not checked"],
      resources: db({ engine: "postgres", engine_version: "14.9", parameter_group_name: "shared-postgres14" }),
    },
    {
      name: "a reference to a parameter group of the wrong kind",
      expect: ["pass", "db_cluster_parameter_group_name is not a parameter group of this stack; not checked"],
      resources: { ...cluster({ engine: "aurora-postgresql", db_cluster_parameter_group_name: "${aws_db_parameter_group.tls.name}" }), ...pgGroup("0") },
    },
    { name: "PostgreSQL 16 forces TLS by default", expect: ["pass", "PostgreSQL 16 forces TLS by default"], resources: db({ engine: "postgres", engine_version: "16.4" }) },
    { name: "PostgreSQL 15 is the first to", expect: ["pass", "PostgreSQL 15 forces TLS by default"], resources: db({ engine: "postgres", engine_version: "15" }) },
    { name: "PostgreSQL 14 does not", expect: ["fail", plaintext], resources: db({ engine: "postgres", engine_version: "14.9", parameter_group_name: "default.postgres14" }) },
    { name: "PostgreSQL of no pinned version", expect: ["pass", "engine default (PostgreSQL 15+ forces TLS)"], resources: db({ engine: "postgres" }) },
    { name: "PostgreSQL of an expression's version", expect: ["pass", "engine default (PostgreSQL 15+ forces TLS)"], resources: db({ engine: "postgres", engine_version: "${var.v}" }) },
    { name: "Aurora PostgreSQL has no such default", expect: ["fail", plaintext], resources: cluster({ engine: "aurora-postgresql", engine_version: "16.4" }) },
    {
      name: "MySQL with require_secure_transport ON",
      expect: ["pass"],
      resources: {
        ...cluster({ engine: "aurora-mysql", db_cluster_parameter_group_name: "${aws_rds_cluster_parameter_group.tls.name}" }),
        aws_rds_cluster_parameter_group: { tls: { family: "aurora-mysql8.0", parameter: [{ name: "require_secure_transport", value: "ON" }] } },
      },
    },
    {
      name: "MySQL with require_secure_transport 1",
      expect: ["pass"],
      resources: {
        ...db({ engine: "mysql", parameter_group_name: "${aws_db_parameter_group.tls.name}" }),
        aws_db_parameter_group: { tls: { family: "mysql8.0", parameter: [{ name: "require_secure_transport", value: "1" }] } },
      },
    },
    {
      name: "MySQL without it",
      expect: ["fail", "require_secure_transport is not set, and the engine default allows plaintext connections"],
      resources: db({ engine: "mysql", engine_version: "8.0" }),
    },
    { name: "engines without a TLS parameter", expect: ["n/a"], resources: db({ engine: "oracle-ee" }) },
    { name: "replicas use their source's setting", expect: ["n/a"], resources: replica({ engine: "postgres", engine_version: "14.9" }) },
  ] as const;
}

function rds015() {
  const bare: VersionLookup = (_s, version) => ({ supported: version === "16.4" });
  return [
    { name: "a catalog version", expect: ["pass", "postgres 16.4: in the test catalog"], resources: db({ engine: "postgres", engine_version: "16.4" }) },
    { name: "a catalog version without detail", expect: ["pass"], versions: bare, resources: db({ engine: "postgres", engine_version: "16.4" }) },
    {
      name: "a version the catalog rejects",
      expect: ["fail", "postgres 13.1 is not supported: supported: 16.4, 17.4"],
      resources: db({ engine: "postgres", engine_version: "13.1" }),
    },
    { name: "rejected without detail", expect: ["fail", "postgres 13.1 is not supported"], versions: bare, resources: db({ engine: "postgres", engine_version: "13.1" }) },
    {
      name: "unpinned",
      expect: ["fail", "aurora-postgresql version is not pinned, so it changes with the provider's default"],
      resources: cluster({ engine: "aurora-postgresql" }),
    },
    {
      name: "neither engine nor version",
      expect: ["fail", "database engine version is not pinned, so it changes with the provider's default"],
      resources: db({}),
    },
    {
      name: "from an expression",
      expect: ["pass", "postgres version comes from an expression (${var.v}); not checked"],
      resources: db({ engine: "postgres", engine_version: "${var.v}" }),
    },
    { name: "no catalog", expect: ["pass", "postgres 13.1 is pinned; no version catalog consulted"], versions: null, resources: db({ engine: "postgres", engine_version: "13.1" }) },
    { name: "an engine the catalog does not cover", expect: ["pass", "mysql 8.0 is pinned; the catalog does not cover mysql"], resources: db({ engine: "mysql", engine_version: "8.0" }) },
    { name: "MariaDB is a catalog subject", expect: ["pass", "mariadb 10.11 is pinned; the catalog does not cover mariadb"], resources: db({ engine: "mariadb", engine_version: "10.11" }) },
    {
      name: "Aurora MySQL is a catalog subject",
      expect: ["pass", "aurora-mysql 8.0.mysql_aurora.3.08.0 is pinned; the catalog does not cover aurora-mysql"],
      resources: cluster({ engine: "aurora-mysql", engine_version: "8.0.mysql_aurora.3.08.0" }),
    },
    {
      name: "Aurora PostgreSQL is a catalog subject",
      expect: ["pass", "aurora-postgresql 16.4 is pinned; the catalog does not cover aurora-postgresql"],
      resources: cluster({ engine: "aurora-postgresql", engine_version: "16.4" }),
    },
    { name: "an engine with no catalog subject", expect: ["pass", "oracle-ee 19 is pinned; no version catalog consulted"], resources: db({ engine: "oracle-ee", engine_version: "19" }) },
    { name: "replicas follow their source", expect: ["n/a"], resources: replica({ engine: "postgres" }) },
  ] as const;
}
