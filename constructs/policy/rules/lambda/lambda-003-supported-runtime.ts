import { versionOutcome } from "../shared/version-check";
import { defineRule, fail, notApplicable } from "../../types";
import { text } from "../../values";
import { DEPRECATED_LAMBDA_RUNTIMES } from "../../versions";

export default defineRule({
  id: "KIT-LAMBDA-003",
  level: "error",
  description: "Functions run on a supported runtime (never a deprecated one; the version catalog decides the rest).",
  fix: "Set runtime to the catalog's runtime (nodejs22.x or nodejs24.x for the kit's handlers).",
  refs: { fsbp: ["Lambda.2"] },
  appliesTo: ["aws_lambda_function"],
  check: ({ config }, context) => {
    if (config["package_type"] === "Image") return notApplicable;
    const runtime = text(config["runtime"]);
    if (runtime && DEPRECATED_LAMBDA_RUNTIMES.has(runtime)) return fail(`runtime ${runtime} is deprecated by AWS`);
    return versionOutcome("lambda-runtime", runtime, "runtime", context);
  },
});
