import type { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Lazy, Token } from "cdktf";
import { Construct } from "constructs";
import { throwIfProblems, type Problem } from "../../common/problems";
import { awsContext } from "../core/aws-context";
import { policyDocument, type PolicyStatement } from "../iam/policy-document";
import type { EncryptionKey } from "../keys/encryption-key";
import { RoleGrants } from "../connections/role-grant";
import { accessStatements, checkPrefix, type BucketAccess } from "./bucket-access";
import { checkLifecycle, lifecycleRules, type Transitions } from "./lifecycle";
import type { Grantee } from "../core/grantee";

/**
 * - `kms`: SSE-KMS with a customer key and S3 bucket keys (one KMS call per bucket key, not per object).
 * - `s3-managed`: SSE-S3, for buckets that AWS services deliver into without KMS support (server access logs).
 */
export type BucketEncryption = { readonly kind: "kms"; readonly key: EncryptionKey } | { readonly kind: "s3-managed" };

export interface BucketProps {
  /** Globally unique bucket name, e.g. `aec-platform-prod-documents-123456789012`. */
  readonly name: string;
  readonly encryption: BucketEncryption;
  /** Bucket that receives this bucket's server access logs (under `s3-access/`). @default no access logging */
  readonly accessLogs?: Bucket;
  /** Keep every version of every object. @default true */
  readonly versioned?: boolean;
  /** Days a replaced or deleted version is kept. @default 90 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Days before an unfinished multipart upload is aborted and its parts deleted. @default 7 */
  readonly abortIncompleteUploadsAfterDays?: number;
  /** Days after creation at which current objects move to colder storage classes. @default {} */
  readonly transitions?: Transitions;
  /** Days after creation at which current objects expire. @default never */
  readonly expireAfterDays?: number;
  /** Let `terraform destroy` delete a bucket that still holds objects. @default false */
  readonly forceDestroy?: boolean;
}

const DEFAULTS = {
  versioned: true,
  noncurrentVersionExpirationDays: 90,
  abortIncompleteUploadsAfterDays: 7,
  transitions: {} as Transitions,
  forceDestroy: false,
} as const;

/** Where S3 delivers server access logs in a logs bucket; keys below it are partitioned by source and date. */
const ACCESS_LOG_PREFIX = "s3-access/";

export type NotificationTarget =
  | { readonly queue: SqsQueue }
  | { readonly function: LambdaFunction }
  | { readonly topic: SnsTopic };

export interface EventNotification {
  /** Stable name of the notification, e.g. `uploads-to-ingestion`. */
  readonly id: string;
  readonly target: NotificationTarget;
  /** S3 event types, e.g. `["s3:ObjectCreated:*"]`. */
  readonly events: readonly string[];
  /** Only keys starting with this, e.g. `uploads/`. @default every key */
  readonly prefix?: string;
  /** Only keys ending with this, e.g. `.pdf`. @default every key */
  readonly suffix?: string;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/**
 * A private S3 bucket: public access blocked, ACLs disabled, encrypted by default, TLS 1.2+ only, versioned,
 * with lifecycle rules and optional server access logging. It is the only owner of its policy and its event
 * notifications, so integrations go through `grant*`, `addToResourcePolicy` and `addEventNotification`.
 */
export class Bucket extends Construct {
  readonly bucket: S3Bucket;
  readonly name: string;
  readonly arn: string;
  readonly encryption: BucketEncryption;
  readonly policy: S3BucketPolicy;
  /** Present on versioned buckets; replication waits for it. */
  readonly versioning?: S3BucketVersioningA;
  private readonly statements: PolicyStatement[] = [];
  private readonly accessLogSources: string[] = [];
  private readonly grants = new RoleGrants(this);
  private readonly notifications = new Map<string, EventNotification>();
  private notification?: S3BucketNotification;

  constructor(scope: Construct, id: string, props: BucketProps) {
    super(scope, id);
    const versioned = props.versioned ?? DEFAULTS.versioned;
    const lifecycle = {
      versioned,
      transitions: props.transitions ?? DEFAULTS.transitions,
      expireAfterDays: props.expireAfterDays,
      noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays ?? DEFAULTS.noncurrentVersionExpirationDays,
      abortIncompleteUploadsAfterDays: props.abortIncompleteUploadsAfterDays ?? DEFAULTS.abortIncompleteUploadsAfterDays,
    };
    const problems: Problem[] = checkLifecycle(this.node.path, lifecycle);
    if (!Token.isUnresolved(props.name) && !BUCKET_NAME.test(props.name)) {
      problems.push({
        field: `${this.node.path}.name`,
        value: props.name,
        expected: "3-63 lower-case letters, digits and dashes, starting and ending with a letter or digit (no dots)",
        fix: "derive it as <project>-<env>-<purpose>-<suffix>",
      });
    }
    if (props.accessLogs && props.accessLogs.encryption.kind !== "s3-managed") {
      problems.push({
        field: `${this.node.path}.accessLogs`,
        value: props.accessLogs.node.path,
        expected: "a bucket with s3-managed encryption: S3 server access logging cannot deliver into SSE-KMS buckets",
        fix: 'create the logs bucket with encryption: { kind: "s3-managed" }',
      });
    }
    throwIfProblems("Bucket props", problems);

    this.encryption = props.encryption;
    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.name,
      forceDestroy: props.forceDestroy ?? DEFAULTS.forceDestroy,
    });
    this.name = this.bucket.bucket;
    this.arn = this.bucket.arn;
    const bucket = this.bucket.id;
    new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [
        props.encryption.kind === "kms"
          ? {
              applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.encryption.key.arn },
              bucketKeyEnabled: true,
              blockedEncryptionTypes: ["SSE-C"],
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] },
      ],
    });
    const versioning = versioned
      ? new S3BucketVersioningA(this, "versioning", { bucket, versioningConfiguration: { status: "Enabled" } })
      : undefined;
    this.versioning = versioning;
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket,
      rule: lifecycleRules(lifecycle),
      // Noncurrent-version rules need versioning to exist first.
      dependsOn: versioning ? [versioning] : [],
    });
    this.statements.push(...tlsOnlyStatements(this.arn));
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket,
      policy: Lazy.stringValue({ produce: () => policyDocument(this.statements) }),
    });
    if (props.accessLogs) {
      const target = props.accessLogs;
      target.acceptAccessLogsFrom(this);
      new S3BucketLoggingA(this, "access-logging", {
        bucket,
        targetBucket: target.bucket.id,
        targetPrefix: ACCESS_LOG_PREFIX,
        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
        dependsOn: [target.policy],
      });
    }
  }

  /** Adds a statement to the bucket policy (the TLS-only statements are always there). */
  addToResourcePolicy(statement: PolicyStatement): void {
    this.statements.push(statement);
  }

  /** Lets `grantee` read objects (under `prefix`, if given), decrypting with the bucket's key through S3 only. */
  grantRead(grantee: Grantee, prefix?: string): IamRolePolicy {
    return this.grantAccess(grantee, "read", prefix);
  }

  /** Lets `grantee` read, write and delete objects (under `prefix`, if given). */
  grantWrite(grantee: Grantee, prefix?: string): IamRolePolicy {
    return this.grantAccess(grantee, "write", prefix);
  }

  /** Lets `grantee` only put objects (under `prefix`, if given): an upload-only writer. */
  grantPut(grantee: Grantee, prefix?: string): IamRolePolicy {
    return this.grantAccess(grantee, "put", prefix);
  }

  /** The statements `grant*` attaches, for callers that compose one policy from several resources. */
  accessStatements(access: BucketAccess, prefix?: string): PolicyStatement[] {
    throwIfProblems(`Bucket access at ${this.node.path}`, checkPrefix("prefix", prefix));
    const key = this.encryption.kind === "kms" ? this.encryption.key : undefined;
    return accessStatements(this, { arn: this.arn, key }, access, prefix);
  }

  /**
   * Sends S3 events to a queue, function or topic. The target must already allow S3 to deliver (queue or topic
   * policy, Lambda permission); S3 checks that when the notification is saved.
   */
  addEventNotification(notification: EventNotification): S3BucketNotification {
    const problems = [...checkPrefix(`notifications.${notification.id}.prefix`, notification.prefix)];
    if (this.notifications.has(notification.id)) {
      problems.push({
        field: `notifications.${notification.id}`,
        value: notification.id,
        expected: "a notification id this bucket does not use yet",
        fix: "give each notification its own id",
      });
    }
    const clash = [...this.notifications.values()].find((n) => overlap(n, notification));
    if (clash) {
      problems.push({
        field: `notifications.${notification.id}`,
        value: { events: notification.events, prefix: notification.prefix ?? "" },
        expected: `events and prefixes that do not overlap notification "${clash.id}" (S3 rejects overlapping rules)`,
        fix: "narrow the prefix or the event types, or send both to one target",
      });
    }
    throwIfProblems(`Bucket notification at ${this.node.path}`, problems);
    this.notifications.set(notification.id, notification);
    this.notification ??= new S3BucketNotification(this, "notifications", { bucket: this.bucket.id });
    this.renderNotifications(this.notification);
    return this.notification;
  }

  /** Lets S3 server access logging deliver logs of `source` into this bucket. */
  acceptAccessLogsFrom(source: Bucket): void {
    if (this.accessLogSources.length === 0) {
      this.statements.push({
        Sid: "S3ServerAccessLogsDelivery",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${this.arn}/${ACCESS_LOG_PREFIX}*`,
        Condition: {
          StringEquals: { "aws:SourceAccount": awsContext(this).accountId },
          // The same array the policy is rendered from at synth, so later sources are included.
          ArnLike: { "aws:SourceArn": this.accessLogSources },
        },
      });
    }
    this.accessLogSources.push(source.arn);
  }

  private grantAccess(grantee: Grantee, access: BucketAccess, prefix?: string): IamRolePolicy {
    return this.grants.grant(grantee, access, this.accessStatements(access, prefix), prefix);
  }

  private renderNotifications(resource: S3BucketNotification): void {
    const all = [...this.notifications.values()];
    const common = (n: EventNotification) => ({
      id: n.id,
      events: [...n.events],
      filterPrefix: n.prefix,
      filterSuffix: n.suffix,
    });
    const queues = all.flatMap((n) => ("queue" in n.target ? [{ ...common(n), queueArn: n.target.queue.arn }] : []));
    const functions = all.flatMap((n) =>
      "function" in n.target ? [{ ...common(n), lambdaFunctionArn: n.target.function.arn }] : [],
    );
    const topics = all.flatMap((n) => ("topic" in n.target ? [{ ...common(n), topicArn: n.target.topic.arn }] : []));
    if (queues.length > 0) resource.putQueue(queues);
    if (functions.length > 0) resource.putLambdaFunction(functions);
    if (topics.length > 0) resource.putTopic(topics);
  }
}

/** Denies every request over plain HTTP or TLS older than 1.2, whoever makes it. */
function tlsOnlyStatements(arn: string): PolicyStatement[] {
  const everything = [arn, `${arn}/*`];
  return [
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: everything,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    {
      Sid: "DenyOutdatedTls",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: everything,
      Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
    },
  ];
}

/** S3 rejects two notifications that could both match one event on one key. */
function overlap(a: EventNotification, b: EventNotification): boolean {
  const covers = (pattern: string, event: string) =>
    pattern === event || (pattern.endsWith("*") && event.startsWith(pattern.slice(0, -1)));
  const sharesEvent = a.events.some((e) => b.events.some((f) => covers(e, f) || covers(f, e)));
  const pa = a.prefix ?? "";
  const pb = b.prefix ?? "";
  const sa = a.suffix ?? "";
  const sb = b.suffix ?? "";
  return sharesEvent && (pa.startsWith(pb) || pb.startsWith(pa)) && (sa.endsWith(sb) || sb.endsWith(sa));
}
