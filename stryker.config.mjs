// Mutation testing (StrykerJS), one area at a time: `npm run mutate -- <area>` (scripts/mutate.js sets
// STRYKER_AREA). Each area names the code to mutate and the only test folders jest runs for it, so a run stays
// near 20 minutes on the 2-core build machine. See docs/mutation-testing.md.
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";

const require = createRequire(import.meta.url);
const baseJest = require("./jest.config.js");

const AREAS = {
  policy: {
    mutate: ["constructs/policy/**/*.ts"],
    tests: ["__tests__/constructs/policy"],
    // These cover every rule, so they would run for every rule mutant: shipped-environments synthesizes the whole
    // platform, fixture-stacks builds ~100 resources with the bindings. Both check whole stacks; the rule cases pin
    // each branch.
    skip: [/shipped-environments\.test\.ts$/, /fixture-stacks\.test\.ts$/],
  },
  config: {
    mutate: ["config/**/*.ts"],
    // The cluster and handler settings' checks are tested beside the constructs they feed; both files are pure
    // configuration checks (no synth), so they belong to this area's run.
    tests: ["__tests__/config", "__tests__/constructs/cluster/cluster-settings.test.ts", "__tests__/constructs/handlers/handler-settings.test.ts"],
    skip: [],
  },
  handlers: {
    // Pure cores and shared modules; the handler.ts adapters are thin and need AWS.
    mutate: ["lambdas/*/core.ts", "lambdas/shared/**/*.ts"],
    tests: ["__tests__/lambdas"],
    skip: [],
  },
};

const name = process.env.STRYKER_AREA ?? "";
const area = AREAS[name];
if (!area) {
  throw new Error(`STRYKER_AREA is "${name}"; expected one of ${Object.keys(AREAS).join(", ")}. Run: npm run mutate -- policy`);
}

/** Test files relative to the project root, so that the sandbox's copies (with the mutated code) are loaded. */
const testFiles = (dir) =>
  (dir.endsWith(".test.ts") ? [dir] : readdirSync(join(import.meta.dirname, dir), { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith(".test.ts"))
    .map((d) => relative(import.meta.dirname, join(d.parentPath, d.name))))
    .filter((file) => !area.skip.some((re) => re.test(file)))
    .sort();

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "jest",
  jest: {
    projectType: "custom",
    configFile: "jest.config.js",
    config: {
      ...baseJest,
      roots: ["<rootDir>/scripts"],
      testMatch: ["<rootDir>/scripts/stryker-entry.js"],
      globals: { STRYKER_TESTS: area.tests.flatMap(testFiles) },
      maxWorkers: 1,
    },
    enableFindRelatedTests: false,
  },
  // TypeScript 7's package has no compiler API (it exports only its version), so @stryker-mutator/typescript-checker
  // cannot load; mutants that do not compile fail their tests under @swc/jest instead (see docs/mutation-testing.md).
  checkers: [],
  // Stryker rewrites the sandbox's tsconfig "extends"/"references" with the same missing API; ours has neither, so
  // it is pointed at no file and left alone.
  tsconfigFile: "no-tsconfig-rewrite.json",
  mutate: area.mutate,
  coverageAnalysis: "perTest",
  // Module-level code (rule metadata, lookup tables) runs once at import, outside any test; each such mutant would
  // need the whole area's suite, which alone would take hours here. They are reported as ignored.
  ignoreStatic: true,
  concurrency: 2,
  // jest keeps memory across runs in one worker; a fresh worker now and then keeps it from slowing down.
  maxTestRunnerReuse: 150,
  timeoutMS: 10000,
  ignorePatterns: ["cdktf.out", ".build", "reports", "bench/results", "coverage", ".gen"],
  // Reruns test only the mutants whose code or covering tests changed; `npm run mutate -- policy --force` runs all.
  incremental: true,
  incrementalFile: `reports/mutation/${name}/stryker-incremental.json`,
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
  reporters: ["clear-text", "progress-append-only", "html", "json"],
  htmlReporter: { fileName: `reports/mutation/${name}/index.html` },
  jsonReporter: { fileName: `reports/mutation/${name}/mutation.json` },
  clearTextReporter: { reportScoreTable: true, allowColor: false, logTests: false },
  thresholds: { high: 90, low: 85, break: null },
};
