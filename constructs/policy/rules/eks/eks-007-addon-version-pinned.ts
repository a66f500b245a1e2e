import { versionOutcome } from "../shared/version-check";
import { defineRule } from "../../types";
import { text } from "../../values";

export default defineRule({
  id: "KIT-EKS-007",
  level: "error",
  description: "EKS managed add-ons have pinned versions, so upgrades happen in reviewed changes.",
  fix: "Set addon_version to the version from the version catalog.",
  appliesTo: ["aws_eks_addon"],
  check: ({ config }, context) =>
    versionOutcome("eks-addon", config["addon_version"], `add-on ${text(config["addon_name"]) ?? ""}`.trim(), context),
});
