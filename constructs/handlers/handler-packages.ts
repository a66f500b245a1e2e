import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { version as esbuildVersion } from "esbuild";
import { bundleHandlersSync, HANDLER_ENTRIES, RUNTIME_PROVIDED } from "./bundle";

type HandlerName = keyof typeof HANDLER_ENTRIES;

export interface HandlerPackage {
  /** Absolute path of the deployment zip (index.js and its source map). */
  readonly zipPath: string;
  /** SHA-256 (hex) of the bundle's files: the asset hash and the function's source_code_hash. */
  readonly sha256: string;
}

/** Two levels up from here, in the sources and in the synth bundle (.build/synth/main.js) alike. */
const PROJECT_ROOT = resolve(__dirname, "..", "..");
/** Below the project root; `.build/` is ignored by git. Delete it to force a rebuild. */
export const PACKAGE_DIR = join(".build", "handlers");
const MANIFEST = "manifest.json";
// Bump when the manifest's shape or the meaning of its fields changes.
const CACHE_FORMAT = 1;

interface Manifest {
  readonly format: number;
  /** Hash of what shapes the output besides the input files: esbuild's version, entries, externals. */
  readonly build: string;
  /** Files the last build read, plus the package.json and tsconfig.json files that steer resolution. */
  readonly inputs: readonly string[];
  /** Hash over the inputs' paths and contents. */
  readonly digest: string;
  readonly bundles: Readonly<Record<HandlerName, string>>;
}

const built = new Map<string, Readonly<Record<HandlerName, HandlerPackage>>>();

/**
 * The three handlers' deployment packages, built at most once per process and reused across processes while no
 * input changed. esbuild takes ~0.3-0.4 s for the three (two cores), a third of the whole synth budget; checking the
 * ~650 inputs' contents takes ~10 ms. The cache holds what a fresh build would produce: every file esbuild read
 * and every package.json that steers resolution is part of the key, so any change rebuilds.
 */
export function handlerPackages(projectRoot: string = PROJECT_ROOT): Readonly<Record<HandlerName, HandlerPackage>> {
  let packages = built.get(projectRoot);
  if (!packages) {
    packages = reuse(projectRoot) ?? rebuild(projectRoot);
    built.set(projectRoot, packages);
  }
  return packages;
}

const entries = new Map<string, HandlerPackage>();

/**
 * The package of a handler of your own (a file exporting `handler`), bundled like the kit's handlers, once per
 * process. The entry's folder is the bundle's root, so the source map's paths are relative to the handler wherever
 * the synth runs. The zip lands in the OS temp folder under its hash, not in the caller's project: cdktf copies it
 * into the output by that hash, so where it was never shows in the synthesized JSON.
 */
export function entryPackage(entry: string): HandlerPackage {
  const file = resolve(entry);
  let pkg = entries.get(file);
  if (!pkg) {
    const { bundles } = bundleHandlersSync({ handler: basename(file) }, { projectRoot: dirname(file) });
    const { sha256: hash, zip } = bundles.handler;
    const zipPath = join(tmpdir(), "aec-platform-kit", "functions", hash, "handler.zip");
    if (!existsSync(zipPath)) writeAtomically(zipPath, zip);
    pkg = { zipPath, sha256: hash };
    entries.set(file, pkg);
  }
  return pkg;
}

function buildKey(): string {
  return sha256(JSON.stringify({ esbuildVersion, entries: HANDLER_ENTRIES, external: RUNTIME_PROVIDED }));
}

function reuse(projectRoot: string): Record<HandlerName, HandlerPackage> | undefined {
  const manifest = readManifest(join(projectRoot, PACKAGE_DIR, MANIFEST));
  if (!manifest || manifest.format !== CACHE_FORMAT || manifest.build !== buildKey()) return undefined;
  if (digestOf(projectRoot, manifest.inputs) !== manifest.digest) return undefined;
  const packages = packagesFor(projectRoot, manifest.bundles);
  return Object.values(packages).every((p) => existsSync(p.zipPath)) ? packages : undefined;
}

function rebuild(projectRoot: string): Record<HandlerName, HandlerPackage> {
  const { bundles, inputs: read } = bundleHandlersSync(HANDLER_ENTRIES, { projectRoot });
  const hashes = Object.fromEntries(Object.entries(bundles).map(([name, b]) => [name, b.sha256])) as Record<HandlerName, string>;
  const packages = packagesFor(projectRoot, hashes);
  for (const name of Object.keys(bundles) as HandlerName[]) writeAtomically(packages[name].zipPath, bundles[name].zip);

  const inputs = [...new Set([...read, ...steeringFiles(read)])].sort();
  const digest = digestOf(projectRoot, inputs);
  if (digest !== undefined) {
    const manifest: Manifest = { format: CACHE_FORMAT, build: buildKey(), inputs, digest, bundles: hashes };
    writeAtomically(join(projectRoot, PACKAGE_DIR, MANIFEST), JSON.stringify(manifest, null, 1));
  }
  prune(join(projectRoot, PACKAGE_DIR), new Set(Object.values(hashes)));
  return packages;
}

function packagesFor(projectRoot: string, hashes: Readonly<Record<HandlerName, string>>): Record<HandlerName, HandlerPackage> {
  return Object.fromEntries(
    (Object.keys(HANDLER_ENTRIES) as HandlerName[]).map((name) => [
      name,
      { sha256: hashes[name], zipPath: join(projectRoot, PACKAGE_DIR, hashes[name], `${name}.zip`) },
    ]),
  ) as Record<HandlerName, HandlerPackage>;
}

/** package.json of every package a bundled file came from (exports, main, sideEffects), and the project's own config. */
function steeringFiles(inputs: readonly string[]): string[] {
  const packageDirs = inputs.flatMap((input) => {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    return match ? [`${match[1]}/package.json`] : [];
  });
  return ["package.json", "tsconfig.json", ...packageDirs];
}

/** undefined when an input is gone: the cache cannot be trusted then. */
function digestOf(projectRoot: string, inputs: readonly string[]): string | undefined {
  const hash = createHash("sha256");
  for (const input of inputs) {
    let content: Buffer;
    try {
      content = readFileSync(join(projectRoot, input));
    } catch {
      return undefined;
    }
    hash.update(input).update("\0").update(content).update("\0");
  }
  return hash.digest("hex");
}

function readManifest(path: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Manifest;
  } catch {
    return undefined;
  }
}

// Parallel processes (jest workers, two synths) may build at once; each writes whole files by rename, and
// identical inputs give identical bytes, so whichever rename lands last is as good as the first.
function writeAtomically(path: string, data: Uint8Array | string): void {
  mkdirSync(resolve(path, ".."), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

/** Packages of earlier sources would pile up with every change. */
function prune(dir: string, keep: ReadonlySet<string>): void {
  for (const entry of readdirSync(dir)) {
    if (/^[0-9a-f]{64}$/.test(entry) && !keep.has(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
