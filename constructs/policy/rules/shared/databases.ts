import type { Config } from "../../stack-index";
import { text } from "../../values";

/** A read replica inherits encryption, credentials and backups from its source. */
export function isReplica(type: string, config: Config): boolean {
  return type === "aws_db_instance"
    ? text(config["replicate_source_db"]) !== undefined
    : text(config["replication_source_identifier"]) !== undefined;
}

export function engineOf(config: Config): string | undefined {
  return text(config["engine"]);
}

export function isPostgres(engine: string | undefined): boolean {
  return engine === "postgres" || engine === "aurora-postgresql";
}

export function isMysqlFamily(engine: string | undefined): boolean {
  return engine === "mysql" || engine === "mariadb" || engine === "aurora-mysql" || engine === "aurora";
}

export const DATABASE_TYPES = ["aws_db_instance", "aws_rds_cluster"] as const;
