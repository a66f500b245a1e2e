// Decides whether a key attribute (kms_key_id, kms_key_arn, kms_master_key_id, ...) names a customer-managed KMS
// key. Rules see references, not ARNs: `${aws_kms_key.x.arn}` is a customer key by construction, while an empty
// value or an `alias/aws/<service>` alias means the AWS-managed key, whose policy the account cannot control.

import { parseReference, type StackIndex } from "./stack-index";
import { isExpression, text } from "./values";

export type KeyVerdict = { readonly ok: true; readonly note?: string } | { readonly ok: false; readonly reason: string };

const KEY_RESOURCES = new Set(["aws_kms_key", "aws_kms_replica_key", "aws_kms_external_key", "aws_kms_replica_external_key"]);
const AWS_MANAGED_ALIAS = /(^|:)alias\/aws\//;

export function customerKey(value: unknown, stack: StackIndex): KeyVerdict {
  const raw = text(value);
  if (raw === undefined) return { ok: false, reason: "no KMS key is set, so the service uses an AWS-managed key" };
  if (AWS_MANAGED_ALIAS.test(raw)) return { ok: false, reason: `"${raw}" is an AWS-managed key alias` };
  const ref = parseReference(raw);
  if (ref) return fromReference(ref.mode, ref.type, ref.name, raw, stack);
  if (isExpression(raw)) return { ok: true, note: `key given by an expression (${raw}); not verified` };
  return { ok: true, note: `literal key "${raw}" assumed customer-managed` };
}

function fromReference(mode: "resource" | "data", type: string, name: string, raw: string, stack: StackIndex): KeyVerdict {
  if (mode === "resource") {
    if (KEY_RESOURCES.has(type)) return { ok: true };
    if (type === "aws_kms_alias") {
      const alias = text(stack.resource(type, name)?.config["name"]);
      return alias && AWS_MANAGED_ALIAS.test(alias)
        ? { ok: false, reason: `${raw} is the AWS-managed alias ${alias}` }
        : { ok: true };
    }
    return { ok: false, reason: `${raw} does not reference a KMS key` };
  }
  if (type === "aws_kms_key" || type === "aws_kms_alias") {
    const config = stack.dataSource(type, name)?.config;
    const lookedUp = text(config?.["key_id"]) ?? text(config?.["name"]);
    if (lookedUp && AWS_MANAGED_ALIAS.test(lookedUp)) {
      return { ok: false, reason: `${raw} looks up the AWS-managed key ${lookedUp}` };
    }
    return { ok: true, note: `key looked up by ${raw}` };
  }
  if (type === "terraform_remote_state") return { ok: true, note: `key from another stack (${raw}); not verified` };
  return { ok: false, reason: `${raw} does not reference a KMS key` };
}
