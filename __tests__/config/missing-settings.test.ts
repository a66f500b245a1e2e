// Synth bundles the configuration without type-checking it, so a setting left out of an environment reaches
// validation: it must come back as a problem in the kit's shape, never as a TypeError from a check that read it.
import { platform } from "../../config/environments";
import type { EnvironmentConfig } from "../../config/types";
import { checkProject } from "../../config/validate";

/** Every key path of an environment's plain objects (arrays are values). */
function keyPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => [[...prefix, key], ...keyPaths(child, [...prefix, key])]);
}

function without(value: Record<string, unknown>, [key, ...rest]: string[]): Record<string, unknown> {
  const { [key!]: child, ...others } = value;
  return rest.length === 0 ? others : { ...others, [key!]: without(child as Record<string, unknown>, rest) };
}

// Optional by type or with a documented default; leaving them out is no mistake.
const OPTIONAL = [
  /^network\.interfaceEndpoints$/,
  /^data\.cache\.automaticFailover$/,
  /^data\.broker(\..*)?$/,
  /^cluster\.nodeGroups\.[^.]+$/,
  /\.(labels|taints)(\..*)?$/,
  /^disasterRecovery$/,
  /^cluster\.monitoring\.alertmanagerReplicas$/,
  // Optional outside production (single-binary by default); prod's own entry must report it.
  /^cluster\.monitoring\.logs(\..*)?$/,
];

const cases = platform.environments.flatMap((environment) =>
  keyPaths(environment).map((path): [string, EnvironmentConfig, string[]] => [`${environment.name}.${path.join(".")}`, environment, path]),
);

describe("an environment with a setting left out", () => {
  it.each(cases)("%s: reported as a problem, never a crash", (field, environment, path) => {
    const broken = without(environment as unknown as Record<string, unknown>, path) as unknown as EnvironmentConfig;
    const environments = platform.environments.map((e) => (e === environment ? broken : e));
    const problems = checkProject({ ...platform, environments });
    if (OPTIONAL.some((pattern) => pattern.test(path.join(".")))) return;
    expect(problems.length).toBeGreaterThan(0);
    // A block or one of its fields is named by its path, or by what it lacks; a missing name, by the position.
    const named = path[0] === "name" ? `environments[${platform.environments.indexOf(environment)}].name` : field;
    if (path.length <= 2) expect(problems.map((p) => p.field).filter((f) => f === named || f.startsWith(`${named}.`))).not.toEqual([]);
  });
});
