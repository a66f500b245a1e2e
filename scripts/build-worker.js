// `npm run build:worker`: the processing worker as one self-contained file for its container image. Unlike the
// Lambda bundles, nothing is left out (no runtime provides the AWS SDK in a container).
const { build } = require("esbuild");
const { rmSync, statSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const outdir = join(root, "build", "worker");

async function main() {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [join(root, "workers", "processing", "main.ts")],
    outfile: join(outdir, "main.js"),
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    minify: true,
    sourcemap: true,
    // Paths in the source map relative to the project, so the bundle does not depend on where it was built.
    sourceRoot: "",
    absWorkingDir: root,
    legalComments: "none",
    logLevel: "warning",
  });
  const bytes = statSync(join(outdir, "main.js")).size;
  console.log(`build/worker/main.js: ${(bytes / 1024).toFixed(0)} KiB`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
