import { createHash } from "node:crypto";
import { deflateRawSync } from "node:zlib";
import { build, buildSync, type BuildOptions as EsbuildOptions, type OutputFile } from "esbuild";

/** Handler entry points, relative to the project root; each bundles to `index.js` exporting `handler`. */
export const HANDLER_ENTRIES = {
  ingestion: "lambdas/ingestion/handler.ts",
  query: "lambdas/query/handler.ts",
  migrate: "lambdas/migrate/handler.ts",
  "broker-setup": "lambdas/broker-setup/handler.ts",
} as const;

/** The Lambda `handler` setting matching the bundle layout. */
export const BUNDLE_HANDLER = "index.handler";

/**
 * The Lambda Node.js runtimes ship AWS SDK v3, so the SDK is left out of the bundle: it is most of the
 * weight (it would push the ingestion bundle past 1 MB) and the runtime's copy is already on disk.
 * The price is that the SDK version is the runtime's, not the lockfile's; the handlers only use
 * long-stable calls (HeadObject, GetSecretValue), and AWS keeps those compatible.
 */
export const RUNTIME_PROVIDED = ["@aws-sdk/*"] as const;

export interface BundleOptions {
  /** Entry file, relative to `projectRoot`. */
  readonly entry: string;
  /** Absolute project root; paths in the source map are relative to it, so output is machine-independent. */
  readonly projectRoot: string;
  /** @default RUNTIME_PROVIDED */
  readonly external?: readonly string[];
  /** @default true */
  readonly minify?: boolean;
}

export interface HandlerBundle {
  /** `index.js`: the bundled, minified handler. */
  readonly code: Uint8Array;
  /** `index.js.map`, for stack traces with NODE_OPTIONS=--enable-source-maps. */
  readonly sourceMap: Uint8Array;
  /** SHA-256 (hex) over the zip's file names and contents: a stable asset hash, unlike a hash of the zip. */
  readonly sha256: string;
  /** Deployment package with fixed timestamps and permissions: identical bytes for identical input. */
  readonly zip: Uint8Array;
}

/**
 * Bundles one handler with esbuild in-process (its service process is shared by every call) and zips
 * it in memory. Pure: no files written, no cdktf, no child process per asset.
 */
export async function bundleHandler(options: BundleOptions): Promise<HandlerBundle> {
  const result = await build({
    ...esbuildOptions(options),
    entryPoints: [options.entry],
    // Never written (write: false); it only anchors the relative paths in the source map.
    outfile: "handler-bundle/index.js",
  });
  return packageOutput(result.outputFiles, "", options.entry);
}

export interface HandlersBuild<N extends string> {
  readonly bundles: Readonly<Record<N, HandlerBundle>>;
  /** Every file esbuild read, relative to the project root (for cache keys). */
  readonly inputs: readonly string[];
}

/**
 * Bundles several handlers in one synchronous esbuild call (cdktf constructors cannot await), which parses the
 * shared modules once: ~0.35 s for the three against ~0.48 s in three calls (two cores). Each output is byte-identical
 * to `bundleHandler`'s for the same entry: no code splitting, and each lands one level below the root, so the
 * source map paths are the same too.
 */
export function bundleHandlersSync<N extends string>(
  entries: Readonly<Record<N, string>>,
  options: Omit<BundleOptions, "entry">,
): HandlersBuild<N> {
  const names = Object.keys(entries) as N[];
  const result = buildSync({
    ...esbuildOptions(options),
    entryPoints: Object.fromEntries(names.map((name) => [`${name}/index`, entries[name]])),
    outdir: ".",
    metafile: true,
  });
  const bundles = Object.fromEntries(
    names.map((name) => {
      const own = result.outputFiles.filter((f) => f.path.startsWith(`${options.projectRoot}/${name}/index.`));
      return [name, packageOutput(own, `${name}/`, entries[name])];
    }),
  ) as Record<N, HandlerBundle>;
  return { bundles, inputs: Object.keys(result.metafile.inputs).sort() };
}

function esbuildOptions(options: Omit<BundleOptions, "entry">): EsbuildOptions & { write: false } {
  return {
    absWorkingDir: options.projectRoot,
    write: false,
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    minify: options.minify ?? true,
    sourcemap: "linked",
    sourcesContent: false,
    legalComments: "none",
    charset: "utf8",
    external: [...(options.external ?? RUNTIME_PROVIDED)],
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  };
}

function packageOutput(outputFiles: readonly OutputFile[], prefix: string, entry: string): HandlerBundle {
  const code = outputFiles.find((f) => f.path.endsWith(`${prefix}index.js`));
  const sourceMap = outputFiles.find((f) => f.path.endsWith(`${prefix}index.js.map`));
  if (!code || !sourceMap) throw new Error(`esbuild produced no bundle for ${entry}`);

  const files: ZipEntry[] = [
    { name: "index.js", data: code.contents },
    { name: "index.js.map", data: sourceMap.contents },
  ];
  const hash = createHash("sha256");
  for (const file of files) hash.update(file.name).update("\0").update(file.data).update("\0");
  return { code: code.contents, sourceMap: sourceMap.contents, sha256: hash.digest("hex"), zip: zipDeterministic(files) };
}

export interface ZipEntry {
  readonly name: string;
  readonly data: Uint8Array;
}

// 1980-01-01 00:00:00, the earliest DOS timestamp: no build time leaks into the archive.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const UTF8_NAMES = 0x0800;
const DEFLATE = 8;
const MADE_BY_UNIX = (3 << 8) | 20;
const REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;

/** A minimal ZIP (deflate, no extra fields) whose bytes depend only on the entries' names and data. */
export function zipDeterministic(entries: readonly ZipEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const name = Buffer.from(entry.name, "utf8");
    const compressed = deflateRawSync(entry.data, { level: 9 });
    const crc = crc32(entry.data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(DEFLATE, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(MADE_BY_UNIX, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(UTF8_NAMES, 8);
    central.writeUInt16LE(DEFLATE, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra field length, comment length, disk number, internal attributes: all zero
    central.writeUInt32LE(REGULAR_FILE_0644, 38);
    central.writeUInt32LE(offset, 42);

    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

let crcTable: Uint32Array | undefined;

function crc32(data: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of data) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
