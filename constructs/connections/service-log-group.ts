import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";
import { throwIfProblems } from "../../common/problems";
import { checkRetention } from "../../common/log-retention";
import { awsContext } from "../core/aws-context";
import type { EncryptionKey } from "../keys/encryption-key";
import { constructKey } from "./security-group";

export interface ServiceLogGroupProps {
  /** Log group name; for services that choose their own (RDS), the name they write to. */
  readonly name: string;
  /** One of CloudWatch Logs' retention values, e.g. 30. */
  readonly retentionDays: number;
  /** Key the group is encrypted with; CloudWatch Logs is allowed to use it for this group only. */
  readonly key: EncryptionKey;
}

/**
 * A log group a managed service delivers to, created before the service so that it is encrypted and expires
 * (a group the service creates itself keeps logs forever, unencrypted by a customer key).
 */
export class ServiceLogGroup extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly name: string;

  constructor(scope: Construct, id: string, props: ServiceLogGroupProps) {
    super(scope, id);
    throwIfProblems(`ServiceLogGroup props at ${this.node.path}`, checkRetention("retentionDays", props.retentionDays));
    const { partition, region, accountId, dnsSuffix } = awsContext(this);
    const sid = constructKey(this)
      .split("-")
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join("");
    props.key.allowServiceUse(`LogsUse${sid}`, `logs.${region}.${dnsSuffix}`, {
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${accountId}:log-group:${props.name}`,
      },
    });
    this.name = props.name;
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: props.name,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.key.arn,
    });
  }
}
