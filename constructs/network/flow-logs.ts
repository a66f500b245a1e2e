import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { awsContext } from "../core/aws-context";
import { policyDocument, serviceTrustPolicy } from "../iam/policy-document";
import type { EncryptionKey } from "../keys/encryption-key";

export interface VpcFlowLogsProps {
  readonly vpcId: string;
  /** Log group name, e.g. `/aec-platform/prod/vpc-flow-logs`. */
  readonly logGroupName: string;
  readonly retentionDays: number;
  readonly encryptionKey: EncryptionKey;
}

/** Flow logs of ALL traffic into a KMS-encrypted CloudWatch log group with finite retention. */
export class VpcFlowLogs extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly flowLog: FlowLog;

  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    const ctx = awsContext(this);
    props.encryptionKey.allowCloudWatchLogs();
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: props.logGroupName,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.encryptionKey.arn,
    });
    const role = new IamRole(this, "delivery-role", {
      namePrefix: "vpc-flow-logs-",
      description: `Delivers VPC flow logs into ${props.logGroupName}`,
      assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com", ctx.accountId, {
        ArnLike: { "aws:SourceArn": `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:vpc-flow-log/*` },
      }),
    });
    new IamRolePolicy(this, "delivery-policy", {
      role: role.id,
      name: "write-flow-logs",
      policy: policyDocument([
        {
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: `${this.logGroup.arn}:*`,
        },
      ]),
    });
    this.flowLog = new FlowLog(this, "flow-log", {
      vpcId: props.vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      // One-minute aggregation: incident timelines need it, and the cost is per GB, not per record.
      maxAggregationInterval: 60,
    });
  }
}
