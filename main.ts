import { App } from "cdktf";
import { platform } from "./config/environments";
import { backendFromEnv, buildPlatform } from "./stacks/app";

// PLATFORM_ENV=prod synthesizes one environment (comma-separate several); PLATFORM_BACKEND=local for offline state.
// No stack traces in construct metadata: capturing one per resource was a fifth of synth time, and nothing reads them.
const app = new App({ outdir: process.env.PLATFORM_OUTDIR || "cdktf.out", stackTraces: false });
buildPlatform(app, platform, { only: process.env.PLATFORM_ENV, backend: backendFromEnv(process.env.PLATFORM_BACKEND) });
app.synth();
