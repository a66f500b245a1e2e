import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { bundleHandler, HANDLER_ENTRIES } from "../../../constructs/handlers/bundle";
import type * as Packages from "../../../constructs/handlers/handler-packages";

const repo = resolve(__dirname, "../../..");
const NAMES = Object.keys(HANDLER_ENTRIES) as (keyof typeof HANDLER_ENTRIES)[];

/** The module as a new process loads it: nothing memoized. */
function freshModule(): typeof Packages {
  let loaded: typeof Packages | undefined;
  jest.isolateModules(() => {
    loaded = require("../../../constructs/handlers/handler-packages") as typeof Packages;
  });
  return loaded!;
}

/** A project of its own (sources copied, dependencies linked), so that edits here never touch the real tree. */
function scratchProject(): string {
  const root = mkdtempSync(join(tmpdir(), "handler-packages-"));
  cpSync(join(repo, "lambdas"), join(root, "lambdas"), { recursive: true });
  for (const file of ["package.json", "tsconfig.json"]) cpSync(join(repo, file), join(root, file));
  symlinkSync(join(repo, "node_modules"), join(root, "node_modules"));
  return root;
}

function manifestStamp(root: string, dir: string): string {
  const stat = statSync(join(root, dir, "manifest.json"));
  return `${stat.ino}:${stat.mtimeMs}`;
}

describe("handler packages", () => {
  const root = scratchProject();
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let first: ReturnType<typeof Packages.handlerPackages>;
  let dir: string;

  beforeAll(() => {
    const module = freshModule();
    dir = module.PACKAGE_DIR;
    first = module.handlerPackages(root);
  }, 60_000);

  it("hold exactly what bundleHandler builds, under the build directory, named by the bundle's hash", async () => {
    for (const name of NAMES) {
      const expected = await bundleHandler({ entry: HANDLER_ENTRIES[name], projectRoot: root });
      expect(first[name].sha256).toBe(expected.sha256);
      expect(first[name].zipPath).toBe(join(root, dir, expected.sha256, `${name}.zip`));
      expect(readFileSync(first[name].zipPath).equals(Buffer.from(expected.zip))).toBe(true);
    }
  });

  it("are built once per process", () => {
    const module = freshModule();
    const packages = module.handlerPackages(root);
    expect(module.handlerPackages(root)).toBe(packages);
  });

  it("record every input, the package.json files that steer resolution and the tsconfig", () => {
    const manifest = JSON.parse(readFileSync(join(root, dir, "manifest.json"), "utf8")) as { inputs: string[] };
    expect(manifest.inputs).toEqual(expect.arrayContaining(["lambdas/query/handler.ts", "lambdas/shared/redis.ts", "package.json", "tsconfig.json"]));
    expect(manifest.inputs.some((i) => /node_modules\/pg\/package\.json$/.test(i))).toBe(true);
    expect(manifest.inputs.some((i) => /node_modules\/ioredis\/built\//.test(i))).toBe(true);
  });

  it("are reused by the next process while no input changed", () => {
    const before = manifestStamp(root, dir);
    expect(freshModule().handlerPackages(root)).toEqual(first);
    expect(manifestStamp(root, dir)).toBe(before);
  });

  it("are rebuilt when a file that steers the build changes, even if the output does not", () => {
    const before = manifestStamp(root, dir);
    appendFileSync(join(root, "tsconfig.json"), "\n");
    expect(freshModule().handlerPackages(root)).toEqual(first);
    expect(manifestStamp(root, dir)).not.toBe(before);
  }, 60_000);

  it("are rebuilt when a zip went missing", () => {
    rmSync(first.query.zipPath);
    expect(freshModule().handlerPackages(root)).toEqual(first);
    expect(existsSync(first.query.zipPath)).toBe(true);
  }, 60_000);

  it("follow a source change into a new hash and drop the package it replaces", () => {
    const handler = join(root, HANDLER_ENTRIES.migrate);
    writeFileSync(handler, `${readFileSync(handler, "utf8")}\nexport const revision = 2;\n`);
    const next = freshModule().handlerPackages(root);
    expect(next.migrate.sha256).not.toBe(first.migrate.sha256);
    expect(next.query).toEqual(first.query);
    expect(existsSync(next.migrate.zipPath)).toBe(true);
    expect(existsSync(join(root, dir, first.migrate.sha256))).toBe(false);
  }, 60_000);
});
