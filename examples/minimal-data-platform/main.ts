// The example as an app: `npx tsx main.ts` writes Terraform JSON into cdktf.out/ (in this repository, run
// `npm run build:lib` first, so that `aec-platform-kit/*` resolves to the built package).
import { App } from "cdktf";
import { MinimalDataPlatformStack } from "./stack";

const app = new App({ outdir: "cdktf.out" });
new MinimalDataPlatformStack(app, "minimal-data-platform");
app.synth();
