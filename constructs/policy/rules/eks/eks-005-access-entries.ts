import { defineRule, fail, pass } from "../../types";
import { nested } from "../../values";

export default defineRule({
  id: "KIT-EKS-005",
  level: "warning",
  description: "Cluster access is managed through access entries (authentication mode API), not the aws-auth ConfigMap.",
  fix: 'Set access_config { authentication_mode = "API" }.',
  appliesTo: ["aws_eks_cluster"],
  check: ({ config }) => {
    const mode = nested(config, "access_config")?.["authentication_mode"];
    return mode === "API" ? pass() : fail(`authentication_mode is ${mode === undefined ? "unset (CONFIG_MAP)" : JSON.stringify(mode)}`);
  },
});
