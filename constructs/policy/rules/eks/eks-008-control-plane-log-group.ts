import { literalName, precreatedLogGroup } from "../shared/log-groups";
import { defineRule, notApplicable } from "../../types";
import { stringList } from "../../values";

export default defineRule({
  id: "KIT-EKS-008",
  level: "error",
  description: "The control-plane log group is created by the stack, with finite retention and a KMS key.",
  fix: 'Create aws_cloudwatch_log_group "/aws/eks/<cluster name>/cluster" before the cluster (depends_on).',
  appliesTo: ["aws_eks_cluster"],
  check: ({ config }, { stack }) => {
    if (stringList(config["enabled_cluster_log_types"]).length === 0) return notApplicable;
    const name = literalName(config["name"]);
    return precreatedLogGroup(stack, name === undefined ? undefined : `/aws/eks/${name}/cluster`, "the cluster");
  },
});
