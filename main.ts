import { App } from "cdktf";
import { platform } from "./config/environments";
import { backendFromEnv, buildPlatform } from "./stacks/app";

// PLATFORM_ENV=prod synthesizes one environment (comma-separate several); PLATFORM_BACKEND=local for offline state.
const app = new App({ outdir: process.env.PLATFORM_OUTDIR || "cdktf.out" });
buildPlatform(app, platform, { only: process.env.PLATFORM_ENV, backend: backendFromEnv(process.env.PLATFORM_BACKEND) });
app.synth();
