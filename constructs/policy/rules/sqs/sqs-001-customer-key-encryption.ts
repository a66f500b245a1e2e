import { keyOutcome } from "../shared/key-check";
import { defineRule, fail } from "../../types";
import { flag } from "../../values";

export default defineRule({
  id: "KIT-SQS-001",
  level: "error",
  description: "Queues are encrypted with a customer-managed KMS key (not SQS-managed SSE).",
  fix: "Set kms_master_key_id = the storage or secrets key and remove sqs_managed_sse_enabled.",
  refs: { checkov: ["CKV_AWS_27"], trivy: ["AVD-AWS-0135"], fsbp: ["SQS.1"] },
  appliesTo: ["aws_sqs_queue"],
  check: ({ config }, context) =>
    flag(config["sqs_managed_sse_enabled"], false) === true && config["kms_master_key_id"] === undefined
      ? fail("sqs_managed_sse_enabled uses an SQS-owned key")
      : keyOutcome(config["kms_master_key_id"], "kms_master_key_id", context),
});
