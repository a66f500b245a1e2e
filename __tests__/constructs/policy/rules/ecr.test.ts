import { ruleSuite } from "./harness";

const repo = (config: Record<string, unknown>) => ({ aws_ecr_repository: { repo: { name: "worker", ...config } } });

ruleSuite("ecr", {
  "KIT-ECR-001": [
    { name: "IMMUTABLE", expect: ["pass"], resources: repo({ image_tag_mutability: "IMMUTABLE" }) },
    { name: "IMMUTABLE_WITH_EXCLUSION", expect: ["pass"], resources: repo({ image_tag_mutability: "IMMUTABLE_WITH_EXCLUSION" }) },
    { name: "MUTABLE", expect: ["fail", "image tags are mutable"], resources: repo({ image_tag_mutability: "MUTABLE" }) },
    { name: "absent (MUTABLE)", expect: ["fail", "image tags are mutable"], resources: repo({}) },
  ],
  "KIT-ECR-002": [
    { name: "scan on push", expect: ["pass"], resources: repo({ image_scanning_configuration: { scan_on_push: true } }) },
    {
      name: "registry-wide enhanced scanning",
      expect: ["pass", "registry-wide enhanced scanning"],
      resources: { ...repo({}), aws_ecr_registry_scanning_configuration: { scanning: { scan_type: "ENHANCED" } } },
    },
    {
      name: "basic registry scanning does not replace it",
      expect: ["fail", "scan_on_push is not true"],
      resources: { ...repo({ image_scanning_configuration: { scan_on_push: false } }), aws_ecr_registry_scanning_configuration: { scanning: { scan_type: "BASIC" } } },
    },
    { name: "no scanning", expect: ["fail", "scan_on_push is not true"], resources: repo({}) },
  ],
  "KIT-ECR-003": [
    { name: "KMS with the storage key", expect: ["pass"], resources: repo({ encryption_configuration: [{ encryption_type: "KMS", kms_key: "${aws_kms_key.storage.arn}" }] }) },
    { name: "AES256", expect: ["fail", "encryption_type is not KMS (AES256 uses an AWS-owned key)"], resources: repo({ encryption_configuration: [{ encryption_type: "AES256" }] }) },
    { name: "no encryption configuration", expect: ["fail", "encryption_type is not KMS (AES256 uses an AWS-owned key)"], resources: repo({}) },
    {
      name: "KMS with the AWS-managed key",
      expect: ["fail", "encryption_configuration.kms_key: no KMS key is set, so the service uses an AWS-managed key"],
      resources: repo({ encryption_configuration: [{ encryption_type: "KMS" }] }),
    },
  ],
  "KIT-ECR-004": [
    {
      name: "a lifecycle policy by reference",
      expect: ["pass"],
      resources: { ...repo({}), aws_ecr_lifecycle_policy: { lc: { repository: "${aws_ecr_repository.repo.name}", policy: "{}" } } },
    },
    { name: "a lifecycle policy by name", expect: ["pass"], resources: { ...repo({}), aws_ecr_lifecycle_policy: { lc: { repository: "worker", policy: "{}" } } } },
    {
      name: "a lifecycle policy of another repository",
      expect: ["fail", "no aws_ecr_lifecycle_policy for this repository"],
      resources: { ...repo({}), aws_ecr_lifecycle_policy: { lc: { repository: "${aws_ecr_repository.other.name}", policy: "{}" } } },
    },
    { name: "none", expect: ["fail", "no aws_ecr_lifecycle_policy for this repository"], resources: repo({}) },
  ],
});
