import { defineRule, failIfAny } from "../../types";
import { stringList } from "../../values";

const LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export default defineRule({
  id: "KIT-EKS-003",
  level: "error",
  description: "All five control-plane log types are sent to CloudWatch Logs.",
  fix: `Set enabled_cluster_log_types = ${JSON.stringify(LOG_TYPES)}.`,
  refs: { checkov: ["CKV_AWS_37"], trivy: ["AVD-AWS-0038"], fsbp: ["EKS.8"] },
  appliesTo: ["aws_eks_cluster"],
  check: ({ config }) => {
    const enabled = stringList(config["enabled_cluster_log_types"]);
    return failIfAny(LOG_TYPES.filter((t) => !enabled.includes(t)).map((t) => `${t} logs are not enabled`));
  },
});
