import { defineRule, fail, pass } from "../../types";
import { text } from "../../values";

export default defineRule({
  id: "KIT-ECR-001",
  level: "error",
  description: "Image tags are immutable, so a deployed tag always means the same image.",
  fix: 'Set image_tag_mutability = "IMMUTABLE".',
  refs: { checkov: ["CKV_AWS_51"], fsbp: ["ECR.2"] },
  appliesTo: ["aws_ecr_repository"],
  check: ({ config }) =>
    text(config["image_tag_mutability"])?.startsWith("IMMUTABLE") ? pass() : fail("image tags are mutable"),
});
