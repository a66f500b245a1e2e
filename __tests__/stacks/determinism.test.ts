import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { App } from "cdktf";
import { platform } from "../../config/environments";
import { buildPlatform } from "../../stacks/app";

function synthTo(outdir: string): Map<string, Buffer> {
  const app = new App({ outdir });
  buildPlatform(app, platform);
  app.synth();
  const files = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(outdir, path), readFileSync(path));
    }
  };
  walk(outdir);
  return files;
}

describe("synth", () => {
  const dirs = [mkdtempSync(join(tmpdir(), "synth-a-")), mkdtempSync(join(tmpdir(), "synth-b-"))];
  const [first, second] = dirs.map(synthTo);
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("writes every environment's stacks", () => {
    for (const env of platform.environments) {
      expect(first.has(join("stacks", `${env.name}-platform`, "cdk.tf.json"))).toBe(true);
    }
  });

  it("is byte-identical across runs", () => {
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [file, bytes] of first) {
      expect({ file, same: bytes.equals(second.get(file)!) }).toEqual({ file, same: true });
    }
  });

  it("writes no absolute paths", () => {
    for (const [file, bytes] of first) {
      const text = bytes.toString("utf8");
      expect({ file, leaks: text.includes(dirs[0]) || text.includes(process.cwd()) }).toEqual({ file, leaks: false });
    }
  });
});
