import { defineRule, fail, pass } from "../../types";
import { flag } from "../../values";

export default defineRule({
  id: "KIT-HELM-003",
  level: "warning",
  description: "Helm releases are atomic and wait, so a failed upgrade rolls back instead of leaving a half-applied release.",
  fix: "Set atomic = true (and keep wait = true).",
  appliesTo: ["helm_release"],
  check: ({ config }) => {
    if (flag(config["atomic"], false) !== true) return fail("atomic is not true");
    return flag(config["wait"], true) === false ? fail("wait is false") : pass();
  },
});
