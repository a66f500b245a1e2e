import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { awsContext } from "../core/aws-context";
import { policyDocument, serviceTrustPolicy, type PolicyStatement } from "../iam/policy-document";
import type { EncryptionKey } from "../keys/encryption-key";

/** What the trail needs of a bucket: its name and ARN, and a way to add statements to its bucket policy. */
export interface PolicyBucket {
  readonly name: string;
  readonly arn: string;
  addToResourcePolicy(statement: PolicyStatement): void;
  /** The bucket policy resource; the trail waits for it, since CloudTrail checks its access on creation. */
  readonly policy?: ITerraformDependable;
}

export interface AuditTrailProps {
  /** Trail name, e.g. `aec-platform-prod`. */
  readonly name: string;
  /** Bucket the trail delivers log files to (under `cloudtrail/`). Its policy gains statements for this trail only. */
  readonly logsBucket: PolicyBucket;
  /** Encrypts the log files and the trail's log group. */
  readonly logsKey: EncryptionKey;
  readonly logRetentionDays: number;
  /** Buckets whose object-level (data) events are recorded. @default [] */
  readonly dataEventBuckets?: readonly { readonly arn: string }[];
}

const PREFIX = "cloudtrail";

/** A multi-Region CloudTrail trail with log file validation, KMS encryption, S3 and CloudWatch Logs delivery. */
export class AuditTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const ctx = awsContext(this);
    // The trail's ARN is needed in policies the trail itself depends on; it is fixed by its name.
    const trailArn = `arn:${ctx.partition}:cloudtrail:${ctx.region}:${ctx.accountId}:trail/${props.name}`;
    const fromThisTrail = { StringEquals: { "aws:SourceArn": trailArn } };

    props.logsKey.allowServiceUse(
      "CloudTrailEncryptsLogs",
      "cloudtrail.amazonaws.com",
      {
        StringEquals: { "aws:SourceArn": trailArn },
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${ctx.partition}:cloudtrail:*:${ctx.accountId}:trail/*` },
      },
      ["kms:GenerateDataKey*"],
    );
    props.logsKey.allowServiceUse("CloudTrailDescribesKey", "cloudtrail.amazonaws.com", fromThisTrail, ["kms:DescribeKey"]);
    props.logsKey.allowCloudWatchLogs();

    props.logsBucket.addToResourcePolicy({
      Sid: "CloudTrailAclCheck",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: props.logsBucket.arn,
      Condition: fromThisTrail,
    });
    props.logsBucket.addToResourcePolicy({
      Sid: "CloudTrailWrite",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${props.logsBucket.arn}/${PREFIX}/AWSLogs/${ctx.accountId}/*`,
      Condition: { StringEquals: { "aws:SourceArn": trailArn, "s3:x-amz-acl": "bucket-owner-full-control" } },
    });

    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `/aws/cloudtrail/${props.name}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logsKey.arn,
    });
    const role = new IamRole(this, "delivery-role", {
      namePrefix: "cloudtrail-logs-",
      description: `Delivers CloudTrail ${props.name} events to CloudWatch Logs`,
      assumeRolePolicy: serviceTrustPolicy("cloudtrail.amazonaws.com", ctx.accountId, {
        ArnLike: { "aws:SourceArn": trailArn },
      }),
    });
    new IamRolePolicy(this, "delivery-policy", {
      role: role.id,
      name: "write-trail-events",
      policy: policyDocument([
        { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${this.logGroup.arn}:*` },
      ]),
    });

    const dataEventBuckets = props.dataEventBuckets ?? [];
    this.trail = new Cloudtrail(this, "trail", {
      name: props.name,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: props.logsKey.arn,
      s3BucketName: props.logsBucket.name,
      s3KeyPrefix: PREFIX,
      cloudWatchLogsGroupArn: `${this.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: role.arn,
      dependsOn: props.logsBucket.policy ? [props.logsBucket.policy] : [],
      advancedEventSelector: [
        { name: "Management events", fieldSelector: [{ field: "eventCategory", equalTo: ["Management"] }] },
        ...(dataEventBuckets.length > 0
          ? [
              {
                name: "Object-level events of the data buckets",
                fieldSelector: [
                  { field: "eventCategory", equalTo: ["Data"] },
                  { field: "resources.type", equalTo: ["AWS::S3::Object"] },
                  { field: "resources.ARN", startsWith: dataEventBuckets.map((b) => `${b.arn}/`) },
                ],
              },
            ]
          : []),
      ],
    });
  }
}
