// Helm values: read charts/<release>/values.yaml at synth, merge per-environment overrides over it, and render the
// result as one YAML string for `helm_release.values`. No cdktf here, so the rules are testable on their own.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument, stringify } from "yaml";
import { throwIfProblems, type Problem } from "../../common/problems";

export type Values = Record<string, unknown>;

/** The charts/ folder of this repository. */
export const CHARTS_DIR = join(__dirname, "..", "..", "charts");

const cache = new Map<string, Values>();

/** Path relative to the repository, as it appears in messages (never an absolute path). */
export function chartFile(...parts: string[]): string {
  return ["charts", ...parts].join("/");
}

/**
 * Parses `charts/<parts...>` as YAML whose top level is a mapping; fails naming the file, the line and the key
 * when it does not parse. Each file is read once per process (every environment shares it).
 */
export function readYamlFile(...parts: string[]): Values {
  const file = chartFile(...parts);
  const cached = cache.get(file);
  if (cached) return cached;
  let text: string;
  try {
    text = readFileSync(join(CHARTS_DIR, ...parts), "utf8");
  } catch {
    throwIfProblems("Helm values", [
      { field: file, value: undefined, expected: "a readable YAML file", fix: `create ${file}` },
    ]);
    throw new Error("unreachable");
  }
  const values = parseYaml(file, text);
  cache.set(file, values);
  return values;
}

/** Parses YAML text (from `file`, for messages); the top level must be a mapping. */
export function parseYaml(file: string, text: string): Values {
  const doc = parseDocument(text, { uniqueKeys: true });
  const problems: Problem[] = doc.errors.map((e) => {
    const line = e.linePos?.[0]?.line ?? 0;
    const key = keyAtLine(text, line);
    return {
      field: `${file} line ${line}${key ? ` (key "${key}")` : ""}`,
      value: text.split("\n")[line - 1]?.trim(),
      expected: `valid YAML (${e.message.split(" at line")[0]})`,
      fix: "fix the YAML at that line (indentation, a repeated key, an unclosed bracket or quote)",
    };
  });
  throwIfProblems("Helm values", problems);
  const values: unknown = doc.toJS();
  if (values === null || values === undefined) return {};
  if (typeof values !== "object" || Array.isArray(values)) {
    throwIfProblems("Helm values", [
      { field: file, value: values, expected: "a mapping of value names at the top level", fix: "start the file with `key: value` lines" },
    ]);
  }
  return values as Values;
}

function keyAtLine(text: string, line: number): string | undefined {
  return /^\s*-?\s*([^\s:#][^:#]*?)\s*:/.exec(text.split("\n")[line - 1] ?? "")?.[1];
}

function isMapping(v: unknown): v is Values {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Deep-merges `override` over `base` the way Helm merges values files: mappings merge key by key, anything else
 * (lists included) replaces. Top-level keys of `override` must exist in `base`, so that a misspelt key fails at
 * synth instead of being ignored by the chart: declare a key in the values file (with its default) to override it.
 */
export function mergeValues(file: string, base: Values, override: Values): Values {
  throwIfProblems(
    "Helm values",
    Object.keys(override)
      .filter((key) => !(key in base))
      .map((key) => ({
        field: `${file}: ${key}`,
        value: key,
        expected: `a top-level key the values file declares (${Object.keys(base).join(", ")})`,
        fix: `fix the key, or declare "${key}" in ${file} with its default first`,
      })),
  );
  return mergeDeep(base, override);
}

function mergeDeep(base: Values, override: Values): Values {
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    out[key] = isMapping(current) && isMapping(value) ? mergeDeep(current, value) : value;
  }
  return out;
}

/** YAML for `helm_release.values`, with literal `${` and `%{` escaped so Terraform does not read them as templates. */
export function renderValues(values: Values): string {
  return terraformLiteral(stringify(values, { lineWidth: 0 }));
}

/**
 * Escapes Terraform template sequences in text that must reach the provider verbatim (Fluent Bit's `${VAR}`,
 * Grafana's `${datasource}`), while leaving cdktf token placeholders (`${TfToken[...]}`) to be resolved.
 */
export function terraformLiteral(text: string): string {
  return text.replace(/\$\{(?!TfToken\[)/g, () => "$${").replace(/%\{/g, () => "%%{");
}
