import { defineRule, failIfAny, notApplicable } from "../../types";
import { flag } from "../../values";
import { podSpec } from "../shared/pod";

export default defineRule({
  id: "KIT-K8S-005",
  level: "error",
  description: "Workload pods share no host namespace (network, PID, IPC).",
  fix: "Remove host_network, host_pid and host_ipc (node agents belong in a privileged namespace's chart, not a workload).",
  appliesTo: ["kubernetes_deployment_v1"],
  check: ({ config }) => {
    const pod = podSpec(config);
    if (!pod) return notApplicable;
    return failIfAny(["host_network", "host_pid", "host_ipc"].filter((k) => flag(pod[k], false) !== false).map((k) => `${k} is on`));
  },
});
