import { ruleSuite } from "./harness";

const secret = (config: Record<string, unknown>) => ({ aws_secretsmanager_secret: { s: { name: "db", ...config } } });
const version = (config: Record<string, unknown>) => ({ aws_secretsmanager_secret_version: { v: { secret_id: "${aws_secretsmanager_secret.s.id}", ...config } } });

ruleSuite("secrets-manager", {
  "KIT-SECRETS-001": [
    { name: "the secrets key", expect: ["pass"], resources: secret({ kms_key_id: "${aws_kms_key.secrets.arn}" }) },
    { name: "the AWS key", expect: ["fail", "kms_key_id: no KMS key is set, so the service uses an AWS-managed key"], resources: secret({}) },
  ],
  "KIT-SECRETS-002": [
    { name: "the default window", expect: ["pass"], resources: secret({}) },
    { name: "seven days", expect: ["pass"], resources: secret({ recovery_window_in_days: 7 }) },
    { name: "force delete", expect: ["fail", "recovery_window_in_days is 0, so deletion is immediate"], resources: secret({ recovery_window_in_days: 0 }) },
  ],
  "KIT-SECRETS-003": [
    { name: "a generated string", expect: ["pass"], resources: version({ secret_string: "${random_password.db.result}" }) },
    { name: "write-only", expect: ["pass"], resources: version({ secret_string_wo: "${ephemeral.random_password.db.result}", secret_string_wo_version: 1 }) },
    { name: "a literal string", expect: ["fail", "secret_string is a literal in the synthesized configuration"], resources: version({ secret_string: "hunter2" }) },
    { name: "a literal binary", expect: ["fail", "secret_binary is a literal in the synthesized configuration"], resources: version({ secret_string: "${var.s}", secret_binary: "aHVudGVyMg==" }) },
  ],
  "KIT-SECRETS-004": [
    { name: "write-only", expect: ["pass"], resources: version({ secret_string_wo: "${ephemeral.random_password.db.result}", secret_string_wo_version: 1 }) },
    { name: "a string in state", expect: ["fail", "the secret value is stored in Terraform state"], resources: version({ secret_string: "${random_password.db.result}" }) },
    { name: "a binary in state", expect: ["fail", "the secret value is stored in Terraform state"], resources: version({ secret_binary: "${var.b}" }) },
  ],
});
