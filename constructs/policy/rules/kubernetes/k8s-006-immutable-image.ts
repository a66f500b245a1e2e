import { defineRule, failIfAny, notApplicable } from "../../types";
import { isExpression } from "../../values";
import { containersOf, podSpec } from "../shared/pod";

const DIGEST = /@sha256:[0-9a-f]{64}$/;

export default defineRule({
  id: "KIT-K8S-006",
  level: "error",
  description: "Workload images are pinned by a tag other than latest, or by digest.",
  fix: "Reference the image by its version tag or digest (repository:1.4.2 or repository@sha256:...).",
  appliesTo: ["kubernetes_deployment_v1"],
  check: ({ config }) => {
    const pod = podSpec(config);
    if (!pod) return notApplicable;
    const problems: string[] = [];
    for (const { name, config: c } of containersOf(pod)) {
      const image = typeof c["image"] === "string" ? c["image"] : "";
      if (DIGEST.test(image)) continue;
      const last = image.slice(image.lastIndexOf("/") + 1);
      const tag = last.includes(":") ? last.slice(last.indexOf(":") + 1) : "";
      if (tag === "" && !isExpression(last)) problems.push(`container ${name} image ${image || "(none)"} has no tag (latest)`);
      else if (tag === "latest") problems.push(`container ${name} image ${image} uses latest`);
    }
    return failIfAny(problems);
  },
});
