import type { Problem } from "../common/problems";

/**
 * Checks a block of the configuration that may be missing. Environments are TypeScript, but synth bundles them
 * without type-checking, so a forgotten block does reach validation: it becomes one problem naming it instead of
 * a TypeError in the check that would read it.
 */
export function checkSection<T>(field: string, value: T | undefined, expected: string, check: (value: T) => Problem[]): Problem[] {
  if (value !== null && typeof value === "object") return check(value);
  const name = field.slice(field.lastIndexOf(".") + 1);
  return [{ field, value, expected, fix: `add ${name}; the environments in config/environments/ show its shape` }];
}
