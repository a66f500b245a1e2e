// The one test file jest runs under Stryker: it requires every test file of the area (stryker.config.mjs passes
// their paths, relative to the project root, as the STRYKER_TESTS global). Stryker selects the tests covering a
// mutant by name only, so with one jest file per test file every mutant run would load every file's modules
// (cdktf, the rules, the bindings) again; here they load once per run, and files with no selected test skip their
// hooks.
const { join } = require("node:path");

for (const file of globalThis.STRYKER_TESTS) require(join(__dirname, "..", file));
