// Runs every bench/*.bench.ts in its own process, one after another, so that one benchmark's
// heap and JIT state never colours another's figures.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = __dirname;
// `npm run bench -- <name> [args...]`: only the benchmarks whose file name contains <name>, given the args.
const [only, ...args] = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts") && (!only || f.includes(only)))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n== ${file} ==`);
  const r = spawnSync(process.execPath, ["--import", "tsx", join(dir, file), ...args], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
