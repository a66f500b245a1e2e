import { defineRule, failIfAny, notApplicable } from "../../types";
import { nested } from "../../values";
import { containersOf, podSpec } from "../shared/pod";

export default defineRule({
  id: "KIT-K8S-002",
  level: "error",
  description: "Workload containers set CPU and memory requests and limits.",
  fix: "Set resources.requests and resources.limits (cpu and memory) on every container.",
  appliesTo: ["kubernetes_deployment_v1"],
  check: ({ config }) => {
    const pod = podSpec(config);
    if (!pod) return notApplicable;
    const problems: string[] = [];
    for (const { name, config: c } of containersOf(pod)) {
      const resources = nested(c, "resources");
      for (const kind of ["requests", "limits"] as const) {
        const set = resources?.[kind] as Record<string, unknown> | undefined;
        const missing = ["cpu", "memory"].filter((r) => !set?.[r]);
        if (missing.length > 0) problems.push(`container ${name} has no ${kind} for ${missing.join(" and ")}`);
      }
    }
    return failIfAny(problems);
  },
});
