import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { inflateRawSync } from "node:zlib";
import { BUNDLE_HANDLER, HANDLER_ENTRIES, bundleHandler, zipDeterministic, type HandlerBundle } from "../../../constructs/handlers/bundle";
import { LAMBDA_RUNTIME_ENV, MINIMAL_HANDLER_CONFIG } from "../../lambdas/support/fixtures";

const projectRoot = resolve(__dirname, "../../..");
const handlers = Object.keys(HANDLER_ENTRIES) as Array<keyof typeof HANDLER_ENTRIES>;
const bundles = new Map<string, HandlerBundle>();

beforeAll(async () => {
  for (const name of handlers) bundles.set(name, await bundleHandler({ entry: HANDLER_ENTRIES[name], projectRoot }));
}, 60_000);

/** Reads a ZIP's central directory and inflates every entry, checking sizes along the way. */
function unzip(zip: Uint8Array): Map<string, { data: Buffer; mode: number; dosDate: number }> {
  const buf = Buffer.from(zip);
  const end = buf.length - 22;
  expect(buf.readUInt32LE(end)).toBe(0x06054b50);
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const files = new Map<string, { data: Buffer; mode: number; dosDate: number }>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(at)).toBe(0x02014b50);
    const compressedSize = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const mode = buf.readUInt32LE(at + 38) >>> 16;
    const localOffset = buf.readUInt32LE(at + 42);
    const name = buf.toString("utf8", at + 46, at + 46 + nameLength);
    const dataStart = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    const data = inflateRawSync(buf.subarray(dataStart, dataStart + compressedSize));
    expect(data.length).toBe(size);
    files.set(name, { data, mode, dosDate: buf.readUInt16LE(at + 14) });
    at += 46 + nameLength;
  }
  return files;
}

describe("handler bundles", () => {
  it.each(handlers)("%s: two builds are byte-identical (code, map, hash and zip)", async (name) => {
    const again = await bundleHandler({ entry: HANDLER_ENTRIES[name], projectRoot });
    const first = bundles.get(name)!;
    expect(Buffer.compare(Buffer.from(again.code), Buffer.from(first.code))).toBe(0);
    expect(Buffer.compare(Buffer.from(again.sourceMap), Buffer.from(first.sourceMap))).toBe(0);
    expect(Buffer.compare(Buffer.from(again.zip), Buffer.from(first.zip))).toBe(0);
    expect(again.sha256).toBe(first.sha256);
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(handlers)("%s: stays within 1 MB", (name) => {
    expect(bundles.get(name)!.code.length).toBeLessThanOrEqual(1024 * 1024);
  });

  it.each(handlers)("%s: zip holds index.js and its map, fixed 1980 timestamps, mode 0644", (name) => {
    const bundle = bundles.get(name)!;
    const files = unzip(bundle.zip);
    expect([...files.keys()]).toEqual(["index.js", "index.js.map"]);
    expect(files.get("index.js")!.data.equals(Buffer.from(bundle.code))).toBe(true);
    expect(files.get("index.js.map")!.data.equals(Buffer.from(bundle.sourceMap))).toBe(true);
    for (const file of files.values()) {
      expect(file.mode).toBe(0o100644);
      expect(file.dosDate).toBe(0x21);
    }
  });

  it.each(handlers)("%s: carries no machine paths and leaves the AWS SDK to the runtime", (name) => {
    const code = Buffer.from(bundles.get(name)!.code).toString("utf8");
    const map = Buffer.from(bundles.get(name)!.sourceMap).toString("utf8");
    expect(code).not.toContain(projectRoot);
    expect(map).not.toContain(projectRoot);
    expect(code).toMatch(/\/\/# sourceMappingURL=index\.js\.map\s*$/);
    expect(JSON.parse(map).sources).toEqual(expect.arrayContaining([`../lambdas/${name}/handler.ts`]));
    expect(code).not.toMatch(/require\("(cdktf|constructs|@cdktf\/[^"]+)"\)/);
    expect(code).toContain('require("@aws-sdk/client-secrets-manager")');
    expect(code).not.toContain("SecretsManagerServiceException");
  });

  it("the hash follows the content", async () => {
    const query = bundles.get("query")!;
    const unminified = await bundleHandler({ entry: HANDLER_ENTRIES.query, projectRoot, minify: false });
    expect(unminified.sha256).not.toBe(query.sha256);
  });

  it("zips are independent of entry order", () => {
    const a = { name: "a.txt", data: Buffer.from("a") };
    const b = { name: "b.txt", data: Buffer.from("b") };
    expect(Buffer.from(zipDeterministic([a, b])).equals(Buffer.from(zipDeterministic([b, a])))).toBe(true);
  });

  it("each bundle loads on its own (only the AWS SDK from outside) and fails fast on missing config", () => {
    const dir = mkdtempSync(join(tmpdir(), "bundle-"));
    try {
      // As in the Lambda runtime: the SDK is present, nothing else is.
      mkdirSync(join(dir, "node_modules"));
      symlinkSync(join(projectRoot, "node_modules/@aws-sdk"), join(dir, "node_modules/@aws-sdk"));
      for (const name of handlers) {
        const file = join(dir, `${name}.js`);
        writeFileSync(file, bundles.get(name)!.code);
        const env = { PATH: process.env.PATH, ...LAMBDA_RUNTIME_ENV };
        const missing = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(file)})`], { cwd: dir, env, encoding: "utf8" });
        expect(missing.status).not.toBe(0);
        // The broker setup talks to the broker alone; every other handler needs the database first.
        expect(missing.stderr).toContain(`missing required environment variable ${name === "broker-setup" ? "AMQP_HOST" : "PG_HOST"}`);

        const full = { ...env, ...MINIMAL_HANDLER_CONFIG };
        const [module, fn] = BUNDLE_HANDLER.split(".");
        const loaded = spawnSync(
          process.execPath,
          ["-e", `process.stdout.write(typeof require(${JSON.stringify(join(dir, `${name}.js`))}).${fn})`],
          { cwd: dir, env: full, encoding: "utf8" },
        );
        expect(module).toBe("index");
        expect(loaded.stderr).toBe("");
        expect(loaded.stdout).toBe("function");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
