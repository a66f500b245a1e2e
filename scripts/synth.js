// `npm run synth` (and the cdktf CLI's app command): bundles main.ts and the kit's own sources with esbuild,
// leaving node_modules external, then runs the bundle in this process. Running the TypeScript through tsx's
// loader instead costs about half a second and 80 MB more, because its hooks sit on every module load.
const { buildSync } = require("esbuild");
const { rmSync } = require("node:fs");
const { join, resolve } = require("node:path");

const root = join(__dirname, "..");
// Two levels below the root, like the kit's own modules (e.g. constructs/addons), so paths they derive
// from __dirname (the charts folder) resolve the same in the bundle as in the sources.
const outfile = join(root, ".build", "synth", "main.js");

buildSync({
  entryPoints: [join(root, "main.ts")],
  outfile,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});
// A stack that is no longer synthesized (another PLATFORM_ENV, standby instead of failover) must not linger
// in the output where `cdktf deploy` or a CI step would still find it.
const out = resolve(process.env.PLATFORM_OUTDIR || join(root, "cdktf.out"));
for (const entry of ["stacks", "policy", "manifest.json"]) rmSync(join(out, entry), { recursive: true, force: true });
require(outfile);
