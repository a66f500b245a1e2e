// Reading attribute values the way Terraform would: provider defaults for absent values, booleans that arrive as
// strings (some AWS provider 6 attributes are string-typed), nested blocks as objects or one-element lists, and
// unresolved expressions that no synth-time check can judge.

import type { Config } from "./stack-index";

export type Unknown = "unknown";
const UNKNOWN: Unknown = "unknown";

/** True for values that contain a Terraform expression, e.g. `${var.x}` or `${aws_kms_key.k.arn}`. */
export function isExpression(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

export function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** A boolean attribute; `fallback` is the provider's default when the attribute is absent. */
export function flag(value: unknown, fallback: boolean): boolean | Unknown {
  if (value === undefined || value === null) return fallback;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return isExpression(value) ? UNKNOWN : false;
}

/** A numeric attribute; undefined when absent. */
export function numberOf(value: unknown): number | Unknown | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return UNKNOWN;
}

export function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A single nested block (cdktf renders max-one blocks as an object; overrides may use a list). */
export function block(value: unknown): Config | undefined {
  if (Array.isArray(value)) return isObject(value[0]) ? (value[0] as Config) : undefined;
  return isObject(value) ? (value as Config) : undefined;
}

export function blocks(value: unknown): Config[] {
  if (Array.isArray(value)) return value.filter(isObject) as Config[];
  return isObject(value) ? [value as Config] : [];
}

/** Follows a chain of nested blocks, e.g. `nested(cfg, "encryption_info", "encryption_in_transit")`. */
export function nested(config: Config | undefined, ...keys: string[]): Config | undefined {
  let current = config;
  for (const key of keys) current = current ? block(current[key]) : undefined;
  return current;
}

/** A list of strings (a single string counts as a one-element list). */
export function stringList(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
