import { defineRule, fail, pass } from "../../types";
import { isExpression, text } from "../../values";

// An exact semantic version (optionally v-prefixed), e.g. 1.13.2 or v0.15.1; ranges like ^1.2 or 1.x are not pins.
const EXACT_VERSION = /^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/;

export default defineRule({
  id: "KIT-HELM-001",
  level: "error",
  description: "Helm releases pin an exact chart version.",
  fix: "Set version to the exact chart version from the version catalog.",
  appliesTo: ["helm_release"],
  check: ({ config }) => {
    const version = text(config["version"]);
    const chart = text(config["chart"]) ?? "";
    // A chart folder shipped with the stack is pinned by its own Chart.yaml.
    if (version === undefined && text(config["repository"]) === undefined && /^(\.{1,2})?\//.test(chart)) {
      return pass("local chart; its version is the one in its Chart.yaml");
    }
    if (version === undefined) return fail("version is unset, so every apply may install a newer chart");
    if (isExpression(version)) return pass(`version comes from an expression (${version}); not checked`);
    return EXACT_VERSION.test(version) ? pass() : fail(`version "${version}" is a range, not an exact version`);
  },
});
