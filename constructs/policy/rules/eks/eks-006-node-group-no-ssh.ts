import { defineRule, fail, pass } from "../../types";

export default defineRule({
  id: "KIT-EKS-006",
  level: "error",
  description: "Managed node groups allow no SSH remote access (use SSM Session Manager instead).",
  fix: "Remove the remote_access block from the node group.",
  refs: { checkov: ["CKV_AWS_100"] },
  appliesTo: ["aws_eks_node_group"],
  check: ({ config }) => (config["remote_access"] !== undefined ? fail("remote_access opens SSH to the nodes") : pass()),
});
