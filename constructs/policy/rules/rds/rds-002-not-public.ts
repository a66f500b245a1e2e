import { defineRule, fail, pass } from "../../types";
import { flag } from "../../values";

export default defineRule({
  id: "KIT-RDS-002",
  level: "error",
  description: "Database instances are not publicly accessible.",
  fix: "Set publicly_accessible = false and place the instance in the data subnets.",
  refs: { checkov: ["CKV_AWS_17"], trivy: ["AVD-AWS-0180"], fsbp: ["RDS.2"] },
  appliesTo: ["aws_db_instance", "aws_rds_cluster_instance"],
  check: ({ config }) => (flag(config["publicly_accessible"], false) === true ? fail("publicly_accessible is true") : pass()),
});
