import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "../../..");
const dockerfile = readFileSync(join(ROOT, "workers/processing/Dockerfile"), "utf8");
const instructions = dockerfile
  .split("\n")
  .filter((line) => line.trim() && !line.trimStart().startsWith("#"))
  .map((line) => line.trim());
const stages = instructions.reduce<string[][]>((acc, line) => {
  if (/^FROM\s/i.test(line)) acc.push([line]);
  else acc[acc.length - 1]?.push(line);
  return acc;
}, []);
const runtime = stages[stages.length - 1]!;

describe("the worker's Dockerfile", () => {
  it("is multi-stage, and every base image is pinned by a tag that is not latest", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const [from] of stages) {
      const image = from!.split(/\s+/)[1]!;
      expect({ image, pinned: /:[^:/]+$/.test(image) || image.includes("@sha256:") }).toEqual({ image, pinned: true });
      expect(image).not.toMatch(/:latest$/);
    }
  });

  it("runs as a numeric non-root user in the final stage", () => {
    const user = runtime.filter((line) => /^USER\s/i.test(line)).pop();
    expect(user).toMatch(/^USER\s+[1-9]\d*(:[1-9]\d*)?$/);
  });

  it("has no package manager step in the final stage and only copies the bundle from the build stage", () => {
    expect(runtime.filter((line) => /^RUN\s/i.test(line))).toEqual([]);
    expect(runtime.filter((line) => /^COPY\s/i.test(line))).toEqual(["COPY --from=build /src/build/worker/ /app/"]);
    expect(runtime[0]).toMatch(/distroless\/nodejs22/);
  });

  it("builds with the same script as `npm run build:worker`", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts["build:worker"]).toBe("node scripts/build-worker.js");
    expect(stages[0]).toContain("RUN npm run build:worker");
  });

  it("leaves the bundle out of git", () => {
    expect(readFileSync(join(ROOT, ".gitignore"), "utf8").split("\n")).toContain("/build/");
  });
});
