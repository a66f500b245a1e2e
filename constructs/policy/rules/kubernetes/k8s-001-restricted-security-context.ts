import { defineRule, failIfAny, notApplicable } from "../../types";
import { flag, nested } from "../../values";
import { containersOf, podSpec } from "../shared/pod";

export default defineRule({
  id: "KIT-K8S-001",
  level: "error",
  description: "Workload containers run restricted: non-root, read-only root filesystem, no privilege escalation, all capabilities dropped, seccomp RuntimeDefault.",
  fix: "Use the Workload construct, or set run_as_non_root, read_only_root_filesystem, allow_privilege_escalation = false, capabilities.drop = [ALL] and seccomp_profile RuntimeDefault.",
  appliesTo: ["kubernetes_deployment_v1"],
  check: ({ config }) => {
    const pod = podSpec(config);
    if (!pod) return notApplicable;
    const podContext = nested(pod, "security_context");
    const problems: string[] = [];
    for (const { name, config: c } of containersOf(pod)) {
      const ctx = nested(c, "security_context");
      const seccomp = nested(ctx, "seccomp_profile")?.["type"] ?? nested(podContext, "seccomp_profile")?.["type"];
      const nonRoot = flag(ctx?.["run_as_non_root"], false) === true || flag(podContext?.["run_as_non_root"], false) === true;
      const drop = nested(ctx, "capabilities")?.["drop"];
      if (!nonRoot) problems.push(`container ${name} may run as root`);
      if (flag(ctx?.["read_only_root_filesystem"], false) !== true) problems.push(`container ${name} has a writable root filesystem`);
      if (flag(ctx?.["allow_privilege_escalation"], true) !== false) problems.push(`container ${name} allows privilege escalation`);
      if (!(Array.isArray(drop) && drop.includes("ALL"))) problems.push(`container ${name} keeps Linux capabilities`);
      if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") problems.push(`container ${name} has no seccomp profile`);
    }
    return failIfAny(problems);
  },
});
