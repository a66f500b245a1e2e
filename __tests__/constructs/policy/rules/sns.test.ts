import { ruleSuite } from "./harness";

ruleSuite("sns", {
  "KIT-SNS-001": [
    { name: "a customer key", expect: ["pass"], resources: { aws_sns_topic: { t: { kms_master_key_id: "${aws_kms_key.storage.arn}" } } } },
    { name: "the AWS-managed key", expect: ["fail", 'kms_master_key_id: "alias/aws/sns" is an AWS-managed key alias'], resources: { aws_sns_topic: { t: { kms_master_key_id: "alias/aws/sns" } } } },
    { name: "no key", expect: ["fail", "kms_master_key_id: no KMS key is set, so the service uses an AWS-managed key"], resources: { aws_sns_topic: { t: {} } } },
  ],
});
