import { App } from "cdktf";
import { drModeFromEnv } from "./config/disaster-recovery";
import { platform } from "./config/environments";
import { backendFromEnv, buildPlatform } from "./stacks/app";

// PLATFORM_ENV=prod synthesizes one environment (comma-separate several); PLATFORM_BACKEND=local for offline state;
// PLATFORM_DR_MODE=failover rebuilds the platform in the recovery region (docs/disaster-recovery.md).
// No stack traces in construct metadata: capturing one per resource was a fifth of synth time, and nothing reads them.
// CDKTF_OUTDIR is how the cdktf CLI passes `--output`; it wins, since the CLI reads back from there.
const app = new App({ outdir: process.env.CDKTF_OUTDIR || process.env.PLATFORM_OUTDIR || "cdktf.out", stackTraces: false });
buildPlatform(app, platform, {
  only: process.env.PLATFORM_ENV,
  backend: backendFromEnv(process.env.PLATFORM_BACKEND),
  drMode: drModeFromEnv(process.env.PLATFORM_DR_MODE, platform.environments),
});
app.synth();
