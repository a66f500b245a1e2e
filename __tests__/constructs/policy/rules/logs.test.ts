import { ruleSuite } from "./harness";

const group = (config: Record<string, unknown>) => ({ aws_cloudwatch_log_group: { lg: { name: "/platform/app", ...config } } });

ruleSuite("logs", {
  "KIT-LOG-001": [
    { name: "the logs key", expect: ["pass"], resources: group({ kms_key_id: "${aws_kms_key.logs.arn}" }) },
    { name: "no key", expect: ["fail", "kms_key_id: no KMS key is set, so the service uses an AWS-managed key"], resources: group({}) },
  ],
  "KIT-LOG-002": [
    { name: "30 days", expect: ["pass"], resources: group({ retention_in_days: 30 }) },
    { name: "one day", expect: ["pass"], resources: group({ retention_in_days: 1 }) },
    { name: "0 (never expire)", expect: ["fail", "retention_in_days is 0, so events never expire"], resources: group({ retention_in_days: 0 }) },
    { name: "unset", expect: ["fail", "retention_in_days is unset, so events never expire"], resources: group({}) },
    { name: "from an expression", expect: ["pass", "retention comes from an expression; not checked"], resources: group({ retention_in_days: "${var.days}" }) },
  ],
});
