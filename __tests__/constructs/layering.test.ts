// The constructs are a library: anyone can compose them without this repository's environments, so nothing under
// constructs/ may reach into config/. common/ is what both share, so it may lean on neither, nor on cdktf. config/
// is plain data and its checks, so the configuration outlives the CDK it runs on.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

const root = resolve(__dirname, "../..");

function sourceFiles(folder: string): string[] {
  return (readdirSync(join(root, folder), { recursive: true }) as string[])
    .filter((path) => /\.(ts|tsx|js|mjs|cjs)$/.test(path) && !path.endsWith(".d.ts"))
    .map((path) => join(folder, path));
}

/** Every module specifier a file names: static imports and re-exports (multi-line too), import(), require(). */
function specifiersOf(text: string): string[] {
  const patterns = [
    /\b(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gs,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\(\s*["']([^"']+)["']\s*\)/g,
  ];
  return [...new Set(patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[1]!)))];
}

/** The top folder of the repository a relative specifier lands in, or the package a bare one names. */
function target(file: string, specifier: string): { folder?: string; pkg?: string } {
  if (!specifier.startsWith(".")) {
    const parts = specifier.split("/");
    return { pkg: specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0] };
  }
  const landed = relative(root, resolve(root, dirname(file), specifier));
  return { folder: landed.split(sep)[0] };
}

function violations(folder: string, forbidden: { folders: string[]; packages: string[] }): string[] {
  return sourceFiles(folder).flatMap((file) =>
    specifiersOf(readFileSync(join(root, file), "utf8"))
      .filter((specifier) => {
        const t = target(file, specifier);
        if (t.folder) return forbidden.folders.includes(t.folder);
        return forbidden.packages.some((p) => t.pkg === p || t.pkg!.startsWith(`${p}/`));
      })
      .map((specifier) => `${file}: ${specifier}`),
  );
}

describe("layering", () => {
  it("reads the imports it checks (multi-line, re-exports, dynamic)", () => {
    const text = [
      'import {\n  a,\n  b,\n} from "../../config/types";',
      'export type { X } from "../common/x";',
      'const m = await import("../config/late");',
      'import "cdktf/lib/testing/adapters/jest";',
    ].join("\n");
    expect(specifiersOf(text).sort()).toEqual(["../../config/types", "../common/x", "../config/late", "cdktf/lib/testing/adapters/jest"]);
    expect(sourceFiles("constructs").length).toBeGreaterThan(50);
    expect(sourceFiles("common").length).toBeGreaterThan(5);
  });

  it("no file under constructs/ imports from config/", () => {
    expect(violations("constructs", { folders: ["config"], packages: [] })).toEqual([]);
  });

  it("no file under config/ imports from constructs/, stacks/ or cdktf", () => {
    expect(sourceFiles("config").length).toBeGreaterThan(5);
    expect(
      violations("config", { folders: ["constructs", "stacks"], packages: ["cdktf", "@cdktf", "constructs"] }),
    ).toEqual([]);
  });

  it("no file under common/ imports from config/, constructs/ or cdktf", () => {
    expect(
      violations("common", { folders: ["config", "constructs"], packages: ["cdktf", "@cdktf", "constructs"] }),
    ).toEqual([]);
  });

  it("no file under report/ imports from constructs/, stacks/ or cdktf: the report reads JSON", () => {
    expect(sourceFiles("report").length).toBeGreaterThan(5);
    expect(
      violations("report", { folders: ["constructs", "stacks"], packages: ["cdktf", "@cdktf", "constructs"] }),
    ).toEqual([]);
  });
});
