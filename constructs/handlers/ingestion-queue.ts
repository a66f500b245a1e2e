import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { SqsQueueRedriveAllowPolicy } from "@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy";
import { dependable } from "cdktf";
import { Construct } from "constructs";
import type { IngestionSettings } from "../../common/handlers";
import { keyUseViaService } from "../connections/role-grant";
import { awsContext } from "../core/aws-context";
import { policyDocument, type PolicyStatement } from "../iam/policy-document";
import type { EncryptionKey } from "../keys/encryption-key";
import type { Bucket } from "../storage/bucket";
import type { HandlerFunction } from "./handler-function";

export interface IngestionQueueProps {
  /** Queue name; the dead-letter queue is `<name>-dlq`. */
  readonly name: string;
  /** Bucket whose uploads are queued; it owns the notification. */
  readonly source: Bucket;
  /** Key prefix of the objects that are queued, e.g. `uploads/`. */
  readonly prefix: string;
  /** Encrypts both queues; S3 is allowed to use it for this bucket's events only. */
  readonly key: EncryptionKey;
  readonly settings: IngestionSettings;
  /** Timeout of the consuming function; the visibility timeout is derived from it. */
  readonly consumerTimeoutSeconds: number;
  /** Receives before a message moves to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
}

const DEFAULTS = { maxReceiveCount: 5 } as const;
const DAY_SECONDS = 86_400;

/**
 * The upload queue: S3 `ObjectCreated` events under the prefix, encrypted with a customer key, a dead-letter queue
 * after `maxReceiveCount` receives, and a queue policy that admits S3 only for this bucket and account.
 */
export class IngestionQueue extends Construct {
  readonly queue: SqsQueue;
  readonly deadLetterQueue: SqsQueue;
  private readonly key: EncryptionKey;
  private readonly settings: IngestionSettings;

  constructor(scope: Construct, id: string, props: IngestionQueueProps) {
    super(scope, id);
    const maxReceiveCount = props.maxReceiveCount ?? DEFAULTS.maxReceiveCount;
    const { accountId } = awsContext(this);
    this.key = props.key;
    this.settings = props.settings;

    this.deadLetterQueue = new SqsQueue(this, "dead-letter-queue", {
      name: `${props.name}-dlq`,
      kmsMasterKeyId: props.key.arn,
      messageRetentionSeconds: props.settings.deadLetterRetentionDays * DAY_SECONDS,
    });
    this.queue = new SqsQueue(this, "queue", {
      name: props.name,
      kmsMasterKeyId: props.key.arn,
      messageRetentionSeconds: props.settings.queueRetentionDays * DAY_SECONDS,
      // AWS's rule for Lambda consumers: six times the function timeout plus the batching window, so a message
      // is not handed out again while an invocation (and its retries inside Lambda) may still hold it.
      visibilityTimeoutSeconds: 6 * props.consumerTimeoutSeconds + props.settings.batchingWindowSeconds,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: this.deadLetterQueue.arn, maxReceiveCount }),
    });
    new SqsQueueRedriveAllowPolicy(this, "dead-letter-source", {
      queueUrl: this.deadLetterQueue.url,
      redriveAllowPolicy: JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [this.queue.arn] }),
    });

    // S3 encrypts each event with the queue's key, so the key must admit it too, for this bucket only.
    const fromBucket = { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": props.source.arn } };
    props.key.allowServiceUse(`S3Events${sidOf(props.name)}`, "s3.amazonaws.com", fromBucket, ["kms:GenerateDataKey", "kms:Decrypt"]);
    const queuePolicy = new SqsQueuePolicy(this, "policy", {
      queueUrl: this.queue.url,
      policy: policyDocument([
        {
          Sid: "S3UploadEvents",
          Effect: "Allow",
          Principal: { Service: "s3.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: this.queue.arn,
          Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnEquals: { "aws:SourceArn": props.source.arn } },
        },
        denyInsecureTransport(this.queue.arn),
      ]),
    });
    new SqsQueuePolicy(this, "dead-letter-policy", {
      queueUrl: this.deadLetterQueue.url,
      policy: policyDocument([denyInsecureTransport(this.deadLetterQueue.arn)]),
    });

    const notification = props.source.addEventNotification({
      id: `${props.prefix.replace(/\/$/, "")}-to-${props.name}`.replace(/[^A-Za-z0-9-]/g, "-"),
      target: { queue: this.queue },
      events: ["s3:ObjectCreated:*"],
      prefix: props.prefix,
    });
    // S3 sends a test event when the configuration is saved: the queue policy and the key policy must be in place.
    notification.dependsOn = [...(notification.dependsOn ?? []), dependable(queuePolicy), dependable(props.key.key)];
  }

  /**
   * Lets `consumer` take batches from the queue: receive, delete and read attributes on this queue, decrypt with its
   * key through SQS, and an event source mapping that reports partial batch failures.
   */
  subscribe(consumer: HandlerFunction, maximumConcurrency: number): LambdaEventSourceMapping {
    const consume = consumer.allow("consume-queue", [
      {
        Effect: "Allow",
        Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
        Resource: this.queue.arn,
      },
      keyUseViaService(this, this.key, "sqs", ["kms:Decrypt"]),
    ]);
    return new LambdaEventSourceMapping(this, "consumer", {
      eventSourceArn: this.queue.arn,
      functionName: consumer.arn,
      batchSize: this.settings.batchSize,
      maximumBatchingWindowInSeconds: this.settings.batchingWindowSeconds,
      // Only failed records return to the queue; the rest of the batch is deleted.
      functionResponseTypes: ["ReportBatchItemFailures"],
      // At most the function's reserved concurrency, so the poller never drives the function into throttling
      // (throttled receives still count towards maxReceiveCount).
      scalingConfig: { maximumConcurrency },
      // Creating the mapping checks that the role can read the queue.
      dependsOn: [consume],
    });
  }
}

function denyInsecureTransport(arn: string): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "sqs:*",
    Resource: arn,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

function sidOf(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}
