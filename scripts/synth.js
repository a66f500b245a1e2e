// `npm run synth` (and the cdktf CLI's app command): bundles main.ts and the kit's own sources with esbuild,
// leaving node_modules external, then runs the bundle in this process. Running the TypeScript through tsx's
// loader instead costs about half a second and 80 MB more, because its hooks sit on every module load.
const { buildSync, version: esbuildVersion } = require("esbuild");
const { createHash } = require("node:crypto");
const { existsSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { join, resolve } = require("node:path");

const root = join(__dirname, "..");
// Two levels below the root, like the kit's own modules (e.g. constructs/addons), so paths they derive
// from __dirname (the charts folder) resolve the same in the bundle as in the sources.
const outfile = join(root, ".build", "synth", "main.js");
const inputsFile = `${outfile}.inputs.json`;

/** Digest of the files the last bundle was built from; unchanged inputs mean the bundle can be reused. */
function digest(inputs) {
  const hash = createHash("sha256").update(esbuildVersion);
  for (const input of inputs) {
    const path = join(root, input);
    if (!existsSync(path)) return undefined;
    hash.update(input).update(readFileSync(path));
  }
  return hash.digest("hex");
}

function bundleIsCurrent() {
  if (!existsSync(outfile) || !existsSync(inputsFile)) return false;
  const last = JSON.parse(readFileSync(inputsFile, "utf8"));
  return digest(last.inputs) === last.digest;
}

if (!bundleIsCurrent()) {
  const { metafile } = buildSync({
    entryPoints: [join(root, "main.ts")],
    outfile,
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

// cdktf captures a full creation stack trace for every token, in plain objects, and formats it eagerly;
// with stack traces off nothing reads them, and formatting them was a seventh of synth time. Errors keep
// V8's usual stack text.
const formatStack = Error.prepareStackTrace;
Error.prepareStackTrace = (target, frames) => {
  if (!(target instanceof Error)) return "";
  return formatStack ? formatStack(target, frames) : `${target}${frames.map((frame) => `\n    at ${frame}`).join("")}`;
};

// A stack that is no longer synthesized (another PLATFORM_ENV, standby instead of failover) must not linger
// in the output where `cdktf deploy` or a CI step would still find it.
const out = resolve(process.env.PLATFORM_OUTDIR || process.env.CDKTF_OUTDIR || join(root, "cdktf.out"));
for (const entry of ["stacks", "policy", "manifest.json"]) rmSync(join(out, entry), { recursive: true, force: true });
require(outfile);

// The cdktf CLI (which sets CDKTF_OUTDIR) prints the constructs' warnings from the manifest; run directly,
// nothing would, and a warning nobody sees (a placeholder JWT issuer, say) is no warning.
if (!process.env.CDKTF_OUTDIR) {
  const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
  for (const stack of Object.values(manifest.stacks)) {
    for (const note of stack.annotations ?? []) {
      const level = note.level.replace("@cdktf/", "").toUpperCase();
      process.stderr.write(`[${level}] ${note.constructPath}: ${note.message}\n`);
    }
  }
}
