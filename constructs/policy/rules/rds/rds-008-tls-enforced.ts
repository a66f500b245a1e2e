import { parseReference, type StackIndex } from "../../stack-index";
import { engineOf, isMysqlFamily, isPostgres, isReplica } from "../shared/databases";
import { defineRule, fail, notApplicable, pass, type Outcome } from "../../types";
import { blocks, isExpression, text } from "../../values";

export default defineRule({
  id: "KIT-RDS-008",
  level: "error",
  description: "Databases refuse connections without TLS (rds.force_ssl / require_secure_transport).",
  fix: 'Use a parameter group that sets rds.force_ssl = "1" (PostgreSQL) or require_secure_transport = "ON" (MySQL).',
  appliesTo: ["aws_db_instance", "aws_rds_cluster"],
  check: ({ type, config }, { stack }) => {
    if (isReplica(type, config)) return notApplicable;
    const engine = engineOf(config);
    const [parameter, accepted] = isPostgres(engine)
      ? ["rds.force_ssl", ["1"]]
      : isMysqlFamily(engine)
        ? ["require_secure_transport", ["ON", "1"]]
        : [undefined, []];
    if (!parameter) return notApplicable;
    const groupAttribute = type === "aws_db_instance" ? "parameter_group_name" : "db_cluster_parameter_group_name";
    const groupType = type === "aws_db_instance" ? "aws_db_parameter_group" : "aws_rds_cluster_parameter_group";
    const value = parameterValue(config[groupAttribute], groupType, parameter, stack);
    if (value === "unreadable") return pass(`${groupAttribute} is not a parameter group of this stack; not checked`);
    if (value !== undefined) return accepted.includes(value) ? pass() : fail(`${parameter} is "${value}"`);
    return defaultOutcome(engine, text(config["engine_version"]), parameter);
  },
});

function parameterValue(group: unknown, groupType: string, parameter: string, stack: StackIndex): string | "unreadable" | undefined {
  const name = text(group);
  if (name === undefined || name.startsWith("default.")) return undefined;
  const ref = parseReference(name);
  const resource = ref && ref.type === groupType ? stack.resource(ref.type, ref.name) : undefined;
  if (!resource) return "unreadable";
  const entry = blocks(resource.config["parameter"]).find((p) => p["name"] === parameter);
  return entry === undefined ? undefined : String(entry["value"]);
}

// RDS for PostgreSQL 15 and later default rds.force_ssl to 1; other engines and versions default to plaintext allowed.
function defaultOutcome(engine: string | undefined, version: string | undefined, parameter: string): Outcome {
  if (engine === "postgres") {
    if (version === undefined || isExpression(version)) return pass("engine default (PostgreSQL 15+ forces TLS)");
    const major = Number.parseInt(version, 10);
    if (major >= 15) return pass(`PostgreSQL ${major} forces TLS by default`);
  }
  return fail(`${parameter} is not set, and the engine default allows plaintext connections`);
}
