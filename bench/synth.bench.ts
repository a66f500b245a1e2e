// Time and peak memory of synthesizing every environment, next to the cost of importing the
// @cdktf/provider-aws barrel, each in a fresh process. Prints figures; gates nothing.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = join(__dirname, "..");

interface Sample {
  wallMs: number;
  maxRssMb: number;
}

/** Runs `args` under node; the child reports its own peak RSS on exit through stderr (bench/report-rss.cjs). */
function sample(args: string[], env: Record<string, string> = {}): Sample {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["-r", join(__dirname, "report-rss.cjs"), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed:\n${r.stderr}`);
  const kb = Number(/MAXRSS (\d+)/.exec(r.stderr)?.[1]);
  return { wallMs, maxRssMb: kb / 1024 };
}

function summarize(label: string, samples: Sample[]): void {
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
  const wall = samples.map((s) => s.wallMs);
  const rss = samples.map((s) => s.maxRssMb);
  console.log(
    `${label.padEnd(52)} wall median ${median(wall).toFixed(0).padStart(5)} ms (min ${Math.min(...wall).toFixed(0)}, max ${Math.max(...wall).toFixed(0)})` +
      `   peak RSS median ${median(rss).toFixed(0).padStart(4)} MB (max ${Math.max(...rss).toFixed(0)})`,
  );
}

const outdir = mkdtempSync(join(tmpdir(), "bench-synth-"));
try {
  const env = { PLATFORM_OUTDIR: outdir, PLATFORM_ENV: "" };
  // First synth after a clean checkout: nothing in .build/ (the bundles of main.ts and the handlers).
  const cold = Array.from({ length: 3 }, () => {
    rmSync(join(root, ".build"), { recursive: true, force: true });
    return sample(["scripts/synth.js"], env);
  });
  const synth = Array.from({ length: RUNS }, () => sample(["scripts/synth.js"], env));
  const viaTsx = Array.from({ length: RUNS }, () => sample(["--import", "tsx", "main.ts"], env));
  const barrel = Array.from({ length: RUNS }, () => sample(["-e", "require('@cdktf/provider-aws')"]));
  const empty = Array.from({ length: RUNS }, () => sample(["-e", "0"]));
  console.log(`${RUNS} runs each, fresh process per run (node ${process.version}):`);
  summarize("npm run synth: all environments, bundles cached", synth);
  summarize("the same after a clean checkout (3 runs, no .build/)", cold);
  summarize("same, running main.ts through tsx instead", viaTsx);
  summarize("import @cdktf/provider-aws barrel only", barrel);
  summarize("node startup only (baseline)", empty);
  console.log("target: synth of all environments <= 1000 ms and <= 200 MB");
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
