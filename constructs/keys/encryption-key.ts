import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { checkKeyProps } from "./validate";
import { accountRootArn, awsContext, type AwsContext } from "../core/aws-context";
import { policyDocument, type Conditions, type PolicyStatement } from "../iam/policy-document";

export interface EncryptionKeyProps {
  /** Alias name without the `alias/` prefix, e.g. `aec-platform-prod-logs`. */
  readonly alias: string;
  readonly description: string;
  /** Days KMS waits before deleting the key after it is scheduled for deletion (7-30). @default 30 */
  readonly deletionWindowDays?: number;
  /** Create a multi-Region primary key so a DR region can hold a replica. @default false */
  readonly multiRegion?: boolean;
}

const DEFAULTS = { deletionWindowDays: 30, multiRegion: false } as const;

const USE_ACTIONS = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];

/**
 * A customer-managed KMS key with yearly rotation, an explicit key policy and an alias.
 * The policy starts with account-root administration (without it a key can become unmanageable) and grows
 * through `allowServiceUse`, which other constructs call for the services that encrypt with the key.
 */
export class EncryptionKey extends Construct {
  readonly key: KmsKey;
  readonly arn: string;
  readonly aliasName: string;
  private readonly statements: PolicyStatement[];
  private readonly ctx: AwsContext;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    checkKeyProps(this.node.path, props);
    const deletionWindowDays = props.deletionWindowDays ?? DEFAULTS.deletionWindowDays;
    this.ctx = awsContext(this);
    this.statements = [
      {
        Sid: "AccountAdministersKey",
        Effect: "Allow",
        Principal: { AWS: accountRootArn(this.ctx) },
        Action: "kms:*",
        Resource: "*",
      },
    ];
    this.key = new KmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindowDays,
      multiRegion: props.multiRegion ?? DEFAULTS.multiRegion,
      policy: Lazy.stringValue({ produce: () => policyDocument(this.statements) }),
    });
    this.aliasName = `alias/${props.alias}`;
    new KmsAlias(this, "alias", { name: this.aliasName, targetKeyId: this.key.keyId });
    this.arn = this.key.arn;
  }

  /** Lets an AWS service principal (e.g. `logs.us-west-2.amazonaws.com`) use the key, under the given conditions. */
  allowServiceUse(sid: string, service: string, conditions?: Conditions, actions: readonly string[] = USE_ACTIONS): void {
    const statement: PolicyStatement = {
      Sid: sid,
      Effect: "Allow",
      Principal: { Service: service },
      Action: actions,
      Resource: "*",
      ...(conditions ? { Condition: conditions } : {}),
    };
    // Several constructs may ask for the same access (every log group wants CloudWatch Logs); KMS rejects a
    // policy that repeats a Sid, so the same statement is added once and a different one under a taken Sid fails.
    const taken = this.statements.find((s) => s.Sid === sid);
    if (taken) {
      if (JSON.stringify(taken) === JSON.stringify(statement)) return;
      throw new Error(
        `EncryptionKey ${this.node.path}: statement "${sid}" is already in the key policy with other content; expected each Sid once. Fix: give the new statement its own Sid.`,
      );
    }
    this.statements.push(statement);
  }

  /** Lets CloudWatch Logs encrypt log groups of this account and region with the key. */
  allowCloudWatchLogs(): void {
    const { partition, region, accountId, dnsSuffix } = this.ctx;
    this.allowServiceUse("CloudWatchLogsUse", `logs.${region}.${dnsSuffix}`, {
      ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${accountId}:log-group:*` },
    });
  }

  /** IAM statement for a principal that encrypts and decrypts data under this key. */
  useStatement(): PolicyStatement {
    return { Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"], Resource: this.arn };
  }
}
