// `npm run mutate -- <area>`: runs StrykerJS on one area (policy, config, handlers); see stryker.config.mjs.
const { spawnSync } = require("node:child_process");
const { join } = require("node:path");

const area = process.argv[2] ?? process.env.STRYKER_AREA;
if (!area) {
  console.error("usage: npm run mutate -- <area>   (areas: policy, config, handlers; see docs/mutation-testing.md)");
  process.exit(2);
}
const stryker = join(__dirname, "..", "node_modules", ".bin", "stryker");
const result = spawnSync(stryker, ["run", "stryker.config.mjs", ...process.argv.slice(3)], {
  cwd: join(__dirname, ".."),
  stdio: "inherit",
  env: { ...process.env, STRYKER_AREA: area },
});
process.exit(result.status ?? 1);
