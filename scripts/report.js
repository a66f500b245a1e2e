// `npm run report` (and `npm run synth -- --report`): bundles report/run.ts with esbuild, like scripts/synth.js
// bundles main.ts, and runs it on the synthesized output. Graphviz's WebAssembly build is an ES module; bundling
// it turns it into CommonJS, so this runs on every Node 20. resvg stays external: it loads a native addon.
//   --update-docs[=<env>]  also copy <env>'s diagram (default prod) to docs/images/<env>-architecture.{svg,png}
const { buildSync } = require("esbuild");
const { execFileSync } = require("node:child_process");
const { existsSync, readFileSync, writeFileSync } = require("node:fs");
const { inputsDigest } = require("./bundle-digest");
const { join, resolve } = require("node:path");

const root = join(__dirname, "..");
const outfile = join(root, ".build", "report", "report.js");
const inputsFile = `${outfile}.inputs.json`;

const digest = (inputs) => inputsDigest(root, inputs);

function bundle() {
  if (existsSync(outfile) && existsSync(inputsFile)) {
    const last = JSON.parse(readFileSync(inputsFile, "utf8"));
    if (digest(last.inputs) === last.digest) return;
  }
  const { metafile } = buildSync({
    entryPoints: [join(root, "report", "run.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: ["@resvg/resvg-js"],
    metafile: true,
    absWorkingDir: root,
    logLevel: "warning",
  });
  const inputs = Object.keys(metafile.inputs).sort();
  writeFileSync(inputsFile, JSON.stringify({ inputs, digest: digest(inputs) }));
}

/** Runs the report on `outdir`; resolves to the per-environment totals. */
async function report(outdir, argv = []) {
  bundle();
  const { runReport } = require(outfile);
  const docs = argv.find((a) => a === "--update-docs" || a.startsWith("--update-docs="));
  return runReport({
    root,
    outdir,
    updateDocsFor: docs ? docs.split("=")[1] || "prod" : undefined,
    log: (line) => process.stdout.write(`${line}\n`),
    synthFailover: (environment, target) => {
      const env = { ...process.env, PLATFORM_ENV: environment, PLATFORM_DR_MODE: "failover", PLATFORM_OUTDIR: target };
      delete env.CDKTF_OUTDIR;
      execFileSync(process.execPath, [join(root, "scripts", "synth.js"), "--quiet"], { env, stdio: ["ignore", "ignore", "pipe"] });
    },
  });
}

module.exports = { report };

if (require.main === module) {
  const outdir = resolve(process.env.PLATFORM_OUTDIR || join(root, "cdktf.out"));
  report(outdir, process.argv.slice(2)).catch((error) => {
    if (error && error.name === "MissingSynthError") {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  });
}
