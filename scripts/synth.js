// `npm run synth` (and the cdktf CLI's app command): bundles main.ts and the kit's own sources with esbuild,
// leaving node_modules external, then runs the bundle in this process. Running the TypeScript through tsx's
// loader instead costs about half a second and 80 MB more, because its hooks sit on every module load.
const { buildSync } = require("esbuild");
const { existsSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { inputsDigest } = require("./bundle-digest");
const { join, relative, resolve } = require("node:path");
const { performance } = require("node:perf_hooks");

const root = join(__dirname, "..");
// Two levels below the root, like the kit's own modules (e.g. constructs/addons), so paths they derive
// from __dirname (the charts folder) resolve the same in the bundle as in the sources.
const outdir = join(root, ".build", "synth");
const outfile = join(outdir, "main.js");
const summaryFile = join(outdir, "synth-summary.js");
const internalsFile = join(outdir, "cdktf-internals.js");
const inputsFile = `${outfile}.inputs.json`;
const started = performance.now();
const quiet = process.argv.includes("--quiet");
// `--report`: the environment report (scripts/report.js) on what was just written; `--update-docs` passes through.
const withReport = process.argv.includes("--report");

const digest = (inputs) => inputsDigest(root, inputs);

function bundleIsCurrent() {
  if (![outfile, summaryFile, internalsFile, inputsFile].every((file) => existsSync(file))) return false;
  const last = JSON.parse(readFileSync(inputsFile, "utf8"));
  return digest(last.inputs) === last.digest;
}

if (!bundleIsCurrent()) {
  const { metafile } = buildSync({
    entryPoints: {
      main: join(root, "main.ts"),
      "synth-summary": join(root, "scripts", "synth-summary.ts"),
      "cdktf-internals": join(root, "constructs", "core", "cdktf-internals.ts"),
    },
    outdir,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    metafile: true,
    absWorkingDir: root,
    logLevel: "warning",
  });
  const inputs = Object.keys(metafile.inputs).sort();
  writeFileSync(inputsFile, JSON.stringify({ inputs, digest: digest(inputs) }));
}

// Stack traces of the tokens cdktf creates are skipped (constructs/core/cdktf-internals.ts says why and what
// guards the assumption).
require(internalsFile).skipCreationStackTraces();

// A stack that is no longer synthesized (another PLATFORM_ENV, standby instead of failover) must not linger
// in the output where `cdktf deploy` or a CI step would still find it. Under the cdktf CLI (which passes its
// output folder as CDKTF_OUTDIR) the CLI does that itself: it lists the stack folders before running this app
// and removes the orphans afterwards, without `force`, so a folder deleted here first makes it fail with ENOENT.
const underCli = Boolean(process.env.CDKTF_OUTDIR);
const out = resolve(process.env.CDKTF_OUTDIR || process.env.PLATFORM_OUTDIR || join(root, "cdktf.out"));
const stale = underCli ? ["policy", "manifest.json"] : ["stacks", "policy", "manifest.json"];
for (const entry of stale) rmSync(join(out, entry), { recursive: true, force: true });
try {
  require(outfile);
} catch (error) {
  // A configuration mistake (ConfigError: every problem, each with its field, value, expectation and fix) is the
  // user's to fix: its message is the whole answer, and a stack trace of the kit's internals would bury it.
  // Anything else is a bug of the kit and keeps its stack.
  if (error && error.name === "ConfigError") {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

// The cdktf CLI (which sets CDKTF_OUTDIR) prints the constructs' warnings from the manifest; run directly,
// nothing would, and a warning nobody sees (a placeholder JWT issuer, say) is no warning.
if (!underCli) {
  const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
  for (const stack of Object.values(manifest.stacks)) {
    for (const note of stack.annotations ?? []) {
      const level = note.level.replace("@cdktf/", "").toUpperCase();
      process.stderr.write(`[${level}] ${note.constructPath}: ${note.message}\n`);
    }
  }
  if (!quiet) {
    const { summarizeOutput, formatSummary } = require(summaryFile);
    const shown = relative(process.cwd(), out) || ".";
    process.stdout.write(`${formatSummary(summarizeOutput(out), performance.now() - started, shown)}\n`);
  }
}

if (withReport) {
  require("./report").report(out, process.argv.slice(2)).catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
}
