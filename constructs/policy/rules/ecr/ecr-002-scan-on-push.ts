import { defineRule, fail, pass } from "../../types";
import { flag, nested } from "../../values";

export default defineRule({
  id: "KIT-ECR-002",
  level: "error",
  description: "Images are scanned for vulnerabilities when pushed.",
  fix: "Set image_scanning_configuration { scan_on_push = true } (or enable enhanced scanning for the registry).",
  refs: { checkov: ["CKV_AWS_163"], fsbp: ["ECR.1"] },
  appliesTo: ["aws_ecr_repository"],
  check: ({ config }, { stack }) => {
    if (flag(nested(config, "image_scanning_configuration")?.["scan_on_push"], false) === true) return pass();
    const enhanced = stack.ofType("aws_ecr_registry_scanning_configuration").some((r) => r.config["scan_type"] === "ENHANCED");
    return enhanced ? pass("registry-wide enhanced scanning") : fail("scan_on_push is not true");
  },
});
