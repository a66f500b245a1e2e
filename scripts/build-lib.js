// `npm run build:lib` (and `npm pack`, through prepack): the kit as a package in dist/. tsc compiles what the
// public entry points reach (package.json `exports`) to CommonJS with declarations; the handlers' sources and the
// charts are copied beside it, because the constructs read them at synth: the handler constructs bundle
// dist/lambdas with esbuild, the add-ons read dist/charts (both found relative to the compiled modules).
const { execFileSync } = require("node:child_process");
const { cpSync, readdirSync, readFileSync, rmSync } = require("node:fs");
const { join } = require("node:path");
const { performance } = require("node:perf_hooks");

const root = join(__dirname, "..");
const dist = join(root, "dist");
const started = performance.now();

rmSync(dist, { recursive: true, force: true });
// typescript exports no path to its bin; its package.json does name it.
const tsc = join(root, "node_modules", "typescript", require("typescript/package.json").bin.tsc);
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.lib.json")], {
  cwd: root,
  stdio: "inherit",
});

const lambdas = join(dist, "lambdas");
// tsc compiled the handler contract (lambdas/shared/env) the constructs import at runtime; its declarations go:
// beside the sources copied next, a consumer's TypeScript would resolve the .ts file before any .d.ts.
for (const file of filesUnder(lambdas)) if (file.endsWith(".d.ts")) rmSync(file);
cpSync(join(root, "lambdas"), lambdas, { recursive: true, filter: (path) => !path.endsWith(".test.ts") });
cpSync(join(root, "charts"), join(dist, "charts"), { recursive: true });

const leaks = filesUnder(dist)
  .filter((file) => file.endsWith(".d.ts") && /from ["'](\.\.\/)+lambdas\//.test(readFileSync(file, "utf8")))
  .map((file) => file.slice(root.length + 1));
if (leaks.length > 0) {
  throw new Error(`build:lib: declarations that import the handlers' sources (a consumer would type-check them): ${leaks.join(", ")}`);
}
process.stdout.write(`build:lib: wrote dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

function filesUnder(dir) {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}
