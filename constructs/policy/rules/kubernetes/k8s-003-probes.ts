import { defineRule, failIfAny, notApplicable } from "../../types";
import { blocks } from "../../values";
import { podSpec } from "../shared/pod";

export default defineRule({
  id: "KIT-K8S-003",
  level: "error",
  description: "Workload containers have liveness and readiness probes.",
  fix: "Add liveness_probe and readiness_probe (the Workload construct probes /livez and /readyz).",
  appliesTo: ["kubernetes_deployment_v1"],
  check: ({ config }) => {
    const pod = podSpec(config);
    if (!pod) return notApplicable;
    const problems: string[] = [];
    for (const c of blocks(pod["container"])) {
      for (const probe of ["liveness_probe", "readiness_probe"]) {
        if (blocks(c[probe]).length === 0) problems.push(`container ${String(c["name"])} has no ${probe.replace("_", " ")}`);
      }
    }
    return failIfAny(problems);
  },
});
