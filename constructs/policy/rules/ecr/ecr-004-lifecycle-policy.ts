import { defineRule, fail, pass } from "../../types";

export default defineRule({
  id: "KIT-ECR-004",
  level: "warning",
  description: "Repositories have a lifecycle policy that bounds untagged images.",
  fix: "Add an aws_ecr_lifecycle_policy for the repository.",
  refs: { fsbp: ["ECR.3"] },
  appliesTo: ["aws_ecr_repository"],
  check: (repository, { stack }) =>
    stack.attachedTo(repository, "aws_ecr_lifecycle_policy", "repository", ["name"]).length > 0
      ? pass()
      : fail("no aws_ecr_lifecycle_policy for this repository"),
});
