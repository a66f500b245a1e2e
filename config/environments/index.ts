// The kit's environments: one file each, holding everything about that environment (network, data tier, cluster,
// handlers, security services, disaster recovery, state). To add one, write `<name>.ts` beside these (copy the
// closest) and list it below; validation at synth reports everything that is wrong with it at once.
import type { ProjectConfig } from "../types";
import { dev } from "./dev";
import { prod } from "./prod";
import { prodDr } from "./prod-dr";
import { staging } from "./staging";

export const platform: ProjectConfig = {
  project: "aec-platform",
  environments: [dev, staging, prod, prodDr],
  // A placeholder owner (synth warns): name the repository whose workflows plan and deploy.
  delivery: { repository: "example-org/aec-platform" },
};

export { dev, prod, prodDr, staging };
