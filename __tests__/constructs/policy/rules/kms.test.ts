import { ruleSuite } from "./harness";

ruleSuite("kms", {
  "KIT-KMS-001": [
    { name: "a rotating symmetric key", expect: ["pass"], resources: { aws_kms_key: { k: { enable_key_rotation: true } } } },
    { name: "an explicit symmetric key that rotates", expect: ["pass"], resources: { aws_kms_key: { k: { customer_master_key_spec: "SYMMETRIC_DEFAULT", enable_key_rotation: true } } } },
    { name: "rotation absent", expect: ["fail", "enable_key_rotation is not true"], resources: { aws_kms_key: { k: {} } } },
    { name: "an explicit symmetric key without rotation", expect: ["fail", "enable_key_rotation is not true"], resources: { aws_kms_key: { k: { customer_master_key_spec: "SYMMETRIC_DEFAULT", enable_key_rotation: false } } } },
    { name: "asymmetric keys cannot rotate", expect: ["n/a"], resources: { aws_kms_key: { k: { customer_master_key_spec: "RSA_2048", key_usage: "SIGN_VERIFY" } } } },
  ],
  "KIT-KMS-002": [
    { name: "an inline policy", expect: ["pass"], resources: { aws_kms_key: { k: { policy: "{}" } } } },
    { name: "an aws_kms_key_policy", expect: ["pass"], resources: { aws_kms_key: { k: {} }, aws_kms_key_policy: { kp: { key_id: "${aws_kms_key.k.id}", policy: "{}" } } } },
    { name: "no policy", expect: ["fail", "no key policy, so the default policy applies"], resources: { aws_kms_key: { k: {} } } },
    {
      name: "a policy for another key",
      expect: ["fail", "no key policy, so the default policy applies"],
      resources: { aws_kms_key: { k: {} }, aws_kms_key_policy: { kp: { key_id: "${aws_kms_key.other.id}", policy: "{}" } } },
    },
  ],
});
