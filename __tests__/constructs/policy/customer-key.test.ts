// Which key references count as customer-managed, and what the verdict says either way.
import { customerKey, StackIndex } from "../../../constructs/policy";

const stack = new StackIndex({
  resource: {
    aws_kms_key: { logs: {} },
    aws_kms_alias: { logs: { name: "alias/kit-logs" }, sneaky: { name: "alias/aws/s3" } },
    aws_s3_bucket: { docs: {} },
  },
  data: {
    aws_kms_key: { managed: { key_id: "alias/aws/rds" }, shared: { key_id: "alias/org-shared" }, byArn: { key_id: "arn:aws:kms:us-west-2:1:key/k" } },
    aws_kms_alias: { managed: { name: "alias/aws/ebs" }, mine: { name: "alias/kit-data" } },
    terraform_remote_state: { platform: {} },
  },
});

test.each([
  ["a key of this stack", "${aws_kms_key.logs.arn}", { ok: true }],
  ["a key's id", "${aws_kms_key.logs.key_id}", { ok: true }],
  ["a replica key", "${aws_kms_replica_key.dr.arn}", { ok: true }],
  ["an external key", "${aws_kms_external_key.byok.arn}", { ok: true }],
  ["a replica external key", "${aws_kms_replica_external_key.byok.arn}", { ok: true }],
  ["a customer alias", "${aws_kms_alias.logs.arn}", { ok: true }],
  ["an alias resource not in the stack", "${aws_kms_alias.elsewhere.arn}", { ok: true }],
  ["a customer alias resource naming an AWS alias", "${aws_kms_alias.sneaky.arn}", { ok: false, reason: "${aws_kms_alias.sneaky.arn} is the AWS-managed alias alias/aws/s3" }],
  ["a key data source of an AWS alias", "${data.aws_kms_key.managed.arn}", { ok: false, reason: "${data.aws_kms_key.managed.arn} looks up the AWS-managed key alias/aws/rds" }],
  ["an alias data source of an AWS alias", "${data.aws_kms_alias.managed.target_key_arn}", { ok: false, reason: "${data.aws_kms_alias.managed.target_key_arn} looks up the AWS-managed key alias/aws/ebs" }],
  ["a key data source of a customer alias", "${data.aws_kms_key.shared.arn}", { ok: true, note: "key looked up by ${data.aws_kms_key.shared.arn}" }],
  ["a key data source by ARN", "${data.aws_kms_key.byArn.arn}", { ok: true, note: "key looked up by ${data.aws_kms_key.byArn.arn}" }],
  ["an alias data source of a customer alias", "${data.aws_kms_alias.mine.target_key_arn}", { ok: true, note: "key looked up by ${data.aws_kms_alias.mine.target_key_arn}" }],
  ["a key data source not in the stack", "${data.aws_kms_key.gone.arn}", { ok: true, note: "key looked up by ${data.aws_kms_key.gone.arn}" }],
  ["another stack's key", "${data.terraform_remote_state.platform.outputs.key_arn}", { ok: true, note: "key from another stack (${data.terraform_remote_state.platform.outputs.key_arn}); not verified" }],
  ["a bucket", "${aws_s3_bucket.docs.arn}", { ok: false, reason: "${aws_s3_bucket.docs.arn} does not reference a KMS key" }],
  ["another data source", "${data.aws_s3_bucket.docs.arn}", { ok: false, reason: "${data.aws_s3_bucket.docs.arn} does not reference a KMS key" }],
  ["an AWS alias", "alias/aws/secretsmanager", { ok: false, reason: '"alias/aws/secretsmanager" is an AWS-managed key alias' }],
  ["an AWS alias ARN", "arn:aws:kms:us-west-2:111122223333:alias/aws/sns", { ok: false, reason: '"arn:aws:kms:us-west-2:111122223333:alias/aws/sns" is an AWS-managed key alias' }],
  ["a customer alias that mentions alias/aws/ later", "alias/team/alias/aws/x", { ok: true, note: 'literal key "alias/team/alias/aws/x" assumed customer-managed' }],
  ["a literal key ARN", "arn:aws:kms:us-west-2:1:key/abc", { ok: true, note: 'literal key "arn:aws:kms:us-west-2:1:key/abc" assumed customer-managed' }],
  ["a variable", "${var.key_arn}", { ok: true, note: "key given by an expression (${var.key_arn}); not verified" }],
  ["a composite expression", "${aws_kms_key.logs.arn}-x", { ok: true, note: "key given by an expression (${aws_kms_key.logs.arn}-x); not verified" }],
  ["an empty string", "", { ok: false, reason: "no KMS key is set, so the service uses an AWS-managed key" }],
  ["nothing", undefined, { ok: false, reason: "no KMS key is set, so the service uses an AWS-managed key" }],
])("%s", (_what, value, verdict) => {
  expect(customerKey(value, stack)).toEqual(verdict);
});
