import { defineRule, fail, pass } from "../../types";
import { text } from "../../values";

export default defineRule({
  id: "KIT-HELM-002",
  level: "error",
  description: "Helm charts come from an HTTPS or OCI repository.",
  fix: "Use the chart's https:// (or oci://) repository URL.",
  appliesTo: ["helm_release"],
  check: ({ config }) => {
    const repository = text(config["repository"]) ?? "";
    return repository.startsWith("http://") ? fail(`repository ${repository} is plain HTTP`) : pass();
  },
});
