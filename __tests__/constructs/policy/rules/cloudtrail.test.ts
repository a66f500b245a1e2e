import { ruleSuite } from "./harness";

const trail = (config: Record<string, unknown>) => ({ aws_cloudtrail: { trail: { name: "t", s3_bucket_name: "logs", ...config } } });

ruleSuite("cloudtrail", {
  "KIT-CLOUDTRAIL-001": [
    { name: "multi-region, global events by default", expect: ["pass"], resources: trail({ is_multi_region_trail: true }) },
    { name: "multi-region, global events on", expect: ["pass"], resources: trail({ is_multi_region_trail: true, include_global_service_events: true }) },
    { name: "single region", expect: ["fail", "is_multi_region_trail is not true"], resources: trail({}) },
    { name: "multi-region without global events", expect: ["fail", "include_global_service_events is false"], resources: trail({ is_multi_region_trail: true, include_global_service_events: false }) },
  ],
  "KIT-CLOUDTRAIL-002": [
    { name: "validation on", expect: ["pass"], resources: trail({ enable_log_file_validation: true }) },
    { name: "validation absent", expect: ["fail", "enable_log_file_validation is not true"], resources: trail({}) },
    { name: "validation off", expect: ["fail", "enable_log_file_validation is not true"], resources: trail({ enable_log_file_validation: false }) },
  ],
  "KIT-CLOUDTRAIL-003": [
    { name: "the logs key", expect: ["pass"], resources: trail({ kms_key_id: "${aws_kms_key.logs.arn}" }) },
    { name: "no key", expect: ["fail", "kms_key_id: no KMS key is set, so the service uses an AWS-managed key"], resources: trail({}) },
  ],
  "KIT-CLOUDTRAIL-004": [
    { name: "delivers to CloudWatch Logs", expect: ["pass"], resources: trail({ cloud_watch_logs_group_arn: "${aws_cloudwatch_log_group.trail.arn}:*" }) },
    { name: "does not", expect: ["fail", "no cloud_watch_logs_group_arn"], resources: trail({}) },
  ],
});
