// Digest of the files a bundle was built from (and of the esbuild version): unchanged inputs mean the bundle can be
// reused. Shared by scripts/synth.js and scripts/report.js.
const { version: esbuildVersion } = require("esbuild");
const { createHash } = require("node:crypto");
const { existsSync, readFileSync } = require("node:fs");
const { join } = require("node:path");

/** `undefined` when an input is gone, so a deleted source always rebuilds. */
function inputsDigest(root, inputs) {
  const hash = createHash("sha256").update(esbuildVersion);
  for (const input of inputs) {
    const path = join(root, input);
    if (!existsSync(path)) return undefined;
    hash.update(input).update(readFileSync(path));
  }
  return hash.digest("hex");
}

module.exports = { inputsDigest };
