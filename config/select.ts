import { throwIfProblems } from "../common/problems";
import type { EnvironmentConfig } from "./types";

/**
 * Picks the environments named in `selector` (comma-separated, e.g. the PLATFORM_ENV variable); all when it is empty.
 * Unknown names fail, so a typo never silently synthesizes nothing.
 */
export function selectEnvironments(
  environments: readonly EnvironmentConfig[],
  selector: string | undefined,
): EnvironmentConfig[] {
  const wanted = (selector ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (wanted.length === 0) return [...environments];
  const known = environments.map((e) => e.name);
  throwIfProblems(
    "environment selection",
    wanted
      .filter((name) => !known.includes(name))
      .map((name) => ({
        field: "PLATFORM_ENV",
        value: name,
        expected: `a comma-separated list of environment names (${known.join(", ")})`,
        fix: `use e.g. PLATFORM_ENV=${known[0] ?? "dev"}, or unset it to synthesize every environment`,
      })),
  );
  return environments.filter((e) => wanted.includes(e.name));
}
