// Every rule of the registry has cases of its own: each rules folder has a test file here (whose suite checks that
// each rule of the folder has a compliant and a non-compliant case), and every registered rule lives in a folder.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { KIT_RULES } from "../../../../constructs/policy";
import { rulesInFolder } from "./harness";

const RULES_DIR = join(__dirname, "../../../../constructs/policy/rules");
const folders = readdirSync(RULES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== "shared")
  .map((d) => d.name)
  .sort();

test("each rules folder has its test file, and each test file its folder", () => {
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith(".test.ts") && f !== "completeness.test.ts")
    .map((f) => f.replace(/\.test\.ts$/, ""))
    .sort();
  expect(files).toEqual(folders);
});

test("every registered rule is defined in a rules folder, so its folder's suite demands its cases", () => {
  const inFolders = folders.flatMap(rulesInFolder).sort();
  expect(inFolders).toEqual(KIT_RULES.map((r) => r.id).sort());
});
