import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { platform } from "../../config/environments";
import { synthPlatformTo } from "../helpers";

describe("synth", () => {
  const dirs = [mkdtempSync(join(tmpdir(), "synth-a-")), mkdtempSync(join(tmpdir(), "synth-b-"))];
  const [first, second] = dirs.map((dir) => synthPlatformTo(dir));
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
