import { defineRule, fail, notApplicable, pass } from "../../types";
import { nested, text } from "../../values";

const labelsOf = (value: unknown) => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

export default defineRule({
  id: "KIT-K8S-004",
  level: "error",
  description: "Every Deployment has a PodDisruptionBudget in its namespace selecting its pods.",
  fix: "Add a kubernetes_pod_disruption_budget_v1 whose selector matches the Deployment's labels (the Workload construct does).",
  appliesTo: ["kubernetes_deployment_v1"],
  check: ({ config }, { stack }) => {
    const matchLabels = labelsOf(nested(config, "spec", "selector")?.["match_labels"]);
    const namespace = text(nested(config, "metadata")?.["namespace"]);
    if (Object.keys(matchLabels).length === 0) return notApplicable;
    const covered = stack.ofType("kubernetes_pod_disruption_budget_v1").some((pdb) => {
      if (text(nested(pdb.config, "metadata")?.["namespace"]) !== namespace) return false;
      const selects = labelsOf(nested(pdb.config, "spec", "selector")?.["match_labels"]);
      return Object.keys(selects).length > 0 && Object.entries(selects).every(([k, v]) => matchLabels[k] === v);
    });
    return covered ? pass() : fail(`no PodDisruptionBudget in namespace ${namespace ?? "(default)"} selects ${JSON.stringify(matchLabels)}`);
  },
});
