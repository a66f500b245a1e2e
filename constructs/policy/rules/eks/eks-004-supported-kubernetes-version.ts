import { versionOutcome } from "../shared/version-check";
import { defineRule } from "../../types";

export default defineRule({
  id: "KIT-EKS-004",
  level: "error",
  description: "The Kubernetes version is pinned and in support according to the version catalog.",
  fix: "Set version to a supported Kubernetes version from the version catalog.",
  refs: { fsbp: ["EKS.2"] },
  appliesTo: ["aws_eks_cluster"],
  check: ({ config }, context) => versionOutcome("kubernetes", config["version"], "Kubernetes", context),
});
