// Which key references count as customer-managed.
import { customerKey, StackIndex } from "../../../constructs/policy";

const stack = new StackIndex({
  resource: {
    aws_kms_key: { logs: {} },
    aws_kms_alias: { logs: { name: "alias/kit-logs" }, sneaky: { name: "alias/aws/s3" } },
    aws_s3_bucket: { docs: {} },
  },
  data: {
    aws_kms_key: { managed: { key_id: "alias/aws/rds" }, shared: { key_id: "alias/org-shared" } },
    terraform_remote_state: { platform: {} },
  },
});

test.each([
  ["${aws_kms_key.logs.arn}", true],
  ["${aws_kms_key.logs.key_id}", true],
  ["${aws_kms_replica_key.dr.arn}", true],
  ["${aws_kms_alias.logs.arn}", true],
  ["${aws_kms_alias.sneaky.arn}", false],
  ["${data.aws_kms_key.managed.arn}", false],
  ["${data.aws_kms_key.shared.arn}", true],
  ["${data.terraform_remote_state.platform.outputs.key_arn}", true],
  ["${aws_s3_bucket.docs.arn}", false],
  ["alias/aws/secretsmanager", false],
  ["arn:aws:kms:us-west-2:111122223333:alias/aws/sns", false],
  ["arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", true],
  ["${var.key_arn}", true],
  ["", false],
  [undefined, false],
])("%s is customer-managed: %s", (value, expected) => {
  expect(customerKey(value, stack).ok).toBe(expected);
});

test("a literal key passes with a note that it was assumed customer-managed", () => {
  expect(customerKey("arn:aws:kms:us-west-2:111122223333:key/abc", stack)).toEqual({
    ok: true,
    note: 'literal key "arn:aws:kms:us-west-2:111122223333:key/abc" assumed customer-managed',
  });
});
