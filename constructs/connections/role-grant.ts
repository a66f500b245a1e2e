import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { Construct } from "constructs";
import { awsContext } from "../core/aws-context";
import type { Grantee } from "../core/grantee";
import { policyDocument, type Conditions, type PolicyStatement } from "../iam/policy-document";
import type { EncryptionKey } from "../keys/encryption-key";
import { constructKey } from "./security-group";

/**
 * Grants made by one resource, keyed by what they grant to whom, so that asking twice for the same access returns
 * the first policy instead of a duplicate.
 */
export class RoleGrants {
  private readonly granted = new Map<string, IamRolePolicy>();

  constructor(private readonly owner: Construct) {}

  /**
   * Attaches `statements` to the grantee's role as one inline policy named `<owner>-<access>` (plus the scope, if
   * any), created beside the resource it grants access to, and tells the grantee so it can wait for it.
   */
  grant(grantee: Grantee, access: string, statements: readonly PolicyStatement[], scopeName?: string): IamRolePolicy {
    const role = grantee.grantRole;
    const slug = scopeName ? `-${slugify(scopeName)}` : "";
    const id = `grant-${access}${slug}-${constructKey(role)}`;
    const existing = this.granted.get(id);
    if (existing) return existing;
    const policy = new IamRolePolicy(this.owner, id, {
      role: role.name,
      name: `${constructKey(this.owner)}-${access}${slug}`.slice(0, 128),
      policy: policyDocument(statements),
    });
    this.granted.set(id, policy);
    grantee.granted(policy);
    return policy;
  }
}

/**
 * Use of `key` only for requests `service` (e.g. `s3`, `secretsmanager`) makes on the caller's behalf in this
 * region: the caller can never call KMS with the key directly.
 */
export function keyUseViaService(
  scope: Construct,
  key: EncryptionKey,
  service: string,
  actions: readonly string[],
  extra?: Conditions,
): PolicyStatement {
  const { region, dnsSuffix } = awsContext(scope);
  return {
    Effect: "Allow",
    Action: [...actions],
    Resource: key.arn,
    Condition: mergeConditions({ StringEquals: { "kms:ViaService": `${service}.${region}.${dnsSuffix}` } }, extra),
  };
}

function mergeConditions(base: Conditions, extra: Conditions | undefined): Conditions {
  const merged: Record<string, Conditions[string]> = { ...base };
  for (const [operator, values] of Object.entries(extra ?? {})) {
    merged[operator] = { ...merged[operator], ...values };
  }
  return merged;
}

function slugify(text: string): string {
  return text.replace(/[^a-zA-Z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "root";
}
