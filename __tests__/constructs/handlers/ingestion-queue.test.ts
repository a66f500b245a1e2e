import { at, environmentNamed, handlersIn, list, statementsOf, under } from "./fixtures";

const prod = handlersIn("prod");
const dev = handlersIn("dev");
const QUEUE = /^\$\{aws_sqs_queue\.handlers_ingestion-queue_[0-9A-F]{8}\.arn\}$/;
const BUCKET_ARN = /^\$\{aws_s3_bucket\.buckets_documents_bucket_[0-9A-F]{8}\.arn\}$/;
const ACCOUNT = /^\$\{data\.aws_caller_identity\.aws-context-account\.account_id\}$/;

describe.each([
  ["prod", prod],
  ["dev", dev],
])("%s ingestion queue", (env, { json }) => {
  const settings = environmentNamed(env).handlers;

  it("encrypts both queues with the handlers' message key, and keeps dead letters longer", () => {
    const queue = at(json, "aws_sqs_queue", "handlers/ingestion-queue");
    const dlq = at(json, "aws_sqs_queue", "handlers/ingestion-queue/dead-letter-queue");
    const key = expect.stringMatching(/^\$\{aws_kms_key\.handlers_message-key_[0-9A-F]{8}\.arn\}$/);
    expect(queue).toMatchObject({ name: `aec-platform-${env}-uploads`, kms_master_key_id: key, message_retention_seconds: settings.ingestion.queueRetentionDays * 86_400 });
    expect(dlq).toMatchObject({ name: `aec-platform-${env}-uploads-dlq`, kms_master_key_id: key, message_retention_seconds: 14 * 86_400 });
    expect(queue.sqs_managed_sse_enabled).toBeUndefined();
    expect(Number(dlq.message_retention_seconds)).toBeGreaterThan(Number(queue.message_retention_seconds));
  });

  it("moves a message to the dead-letter queue after 5 receives, and only from this queue", () => {
    const queue = at(json, "aws_sqs_queue", "handlers/ingestion-queue");
    expect(JSON.parse(queue.redrive_policy as string)).toEqual({
      deadLetterTargetArn: expect.stringMatching(/^\$\{aws_sqs_queue\.handlers_ingestion-queue_dead-letter-queue_[0-9A-F]{8}\.arn\}$/),
      maxReceiveCount: 5,
    });
    const allow = at(json, "aws_sqs_queue_redrive_allow_policy", "handlers/ingestion-queue/dead-letter-source");
    expect(JSON.parse(allow.redrive_allow_policy as string)).toEqual({ redrivePermission: "byQueue", sourceQueueArns: [expect.stringMatching(QUEUE)] });
  });

  it("hides a message at least six times the function timeout plus the batching window", () => {
    const queue = at(json, "aws_sqs_queue", "handlers/ingestion-queue");
    expect(queue.visibility_timeout_seconds).toBe(6 * settings.functions.ingestion.timeoutSeconds + settings.ingestion.batchingWindowSeconds);
  });

  it("admits S3 only for the documents bucket of this account, and refuses plain HTTP", () => {
    const [allowS3, deny] = statementsOf(at(json, "aws_sqs_queue_policy", "handlers/ingestion-queue/policy"));
    expect(allowS3).toEqual({
      Sid: "S3UploadEvents",
      Effect: "Allow",
      Principal: { Service: "s3.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: expect.stringMatching(QUEUE),
      Condition: { StringEquals: { "aws:SourceAccount": expect.stringMatching(ACCOUNT) }, ArnEquals: { "aws:SourceArn": expect.stringMatching(BUCKET_ARN) } },
    });
    expect(deny).toMatchObject({ Effect: "Deny", Principal: "*", Action: "sqs:*", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    const [dlqDeny] = statementsOf(at(json, "aws_sqs_queue_policy", "handlers/ingestion-queue/dead-letter-policy"));
    expect(dlqDeny).toMatchObject({ Effect: "Deny", Sid: "DenyInsecureTransport" });
  });

  it("lets S3 encrypt with the message key for this bucket only (key policy)", () => {
    const key = at(json, "aws_kms_key", "handlers/message-key");
    const s3 = statementsOf(key).find((s) => JSON.stringify(s.Principal).includes("s3.amazonaws.com"));
    expect(s3).toEqual({
      Sid: `S3EventsAecPlatform${env.charAt(0).toUpperCase()}${env.slice(1)}Uploads`,
      Effect: "Allow",
      Principal: { Service: "s3.amazonaws.com" },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": expect.stringMatching(ACCOUNT) }, ArnLike: { "aws:SourceArn": expect.stringMatching(BUCKET_ARN) } },
    });
    expect(key.enable_key_rotation).toBe(true);
  });

  it("is notified by the documents bucket's own notification resource, for ObjectCreated under uploads/ only", () => {
    const notifications = Object.values(json.resource?.aws_s3_bucket_notification ?? {});
    expect(notifications).toHaveLength(1);
    const notification = at(json, "aws_s3_bucket_notification", "buckets/documents/notifications");
    expect(notification.queue).toEqual([
      { id: `uploads-to-aec-platform-${env}-uploads`, events: ["s3:ObjectCreated:*"], filter_prefix: "uploads/", queue_arn: expect.stringMatching(QUEUE) },
    ]);
    expect(notification.lambda_function).toBeUndefined();
    // S3 sends a test message when saving the configuration: the queue and key policies must exist by then.
    expect(notification.depends_on).toEqual([
      expect.stringMatching(/^aws_sqs_queue_policy\.handlers_ingestion-queue_policy_/),
      expect.stringMatching(/^aws_kms_key\.handlers_message-key_[0-9A-F]{8}/),
    ]);
  });

  it("feeds the ingestion function in batches that report partial failures", () => {
    const mapping = at(json, "aws_lambda_event_source_mapping", "handlers/ingestion-queue/consumer");
    expect(mapping).toMatchObject({
      event_source_arn: expect.stringMatching(QUEUE),
      function_name: expect.stringMatching(/^\$\{aws_lambda_function\.handlers_ingestion_function_[0-9A-F]{8}\.arn\}$/),
      batch_size: settings.ingestion.batchSize,
      maximum_batching_window_in_seconds: settings.ingestion.batchingWindowSeconds,
      function_response_types: ["ReportBatchItemFailures"],
      scaling_config: { maximum_concurrency: settings.functions.ingestion.reservedConcurrency },
      depends_on: [expect.stringMatching(/^aws_iam_role_policy\.handlers_ingestion_policy-consume-queue_/)],
    });
  });

  it("lets only the ingestion role consume: receive, delete and attributes on this queue, decrypt through SQS", () => {
    const statements = statementsOf(at(json, "aws_iam_role_policy", "handlers/ingestion/policy-consume-queue"));
    expect(statements).toEqual([
      { Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource: expect.stringMatching(QUEUE) },
      {
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: expect.stringMatching(/^\$\{aws_kms_key\.handlers_message-key_[0-9A-F]{8}/),
        Condition: { StringEquals: { "kms:ViaService": expect.stringMatching(/^sqs\./) } },
      },
    ]);
    for (const name of ["query", "migrate"]) {
      const actions = under(json, "aws_iam_role_policy", `handlers/${name}`).flatMap((p) => statementsOf(p).flatMap((s) => list(s.Action)));
      expect(actions.filter((a) => a.startsWith("sqs:"))).toEqual([]);
    }
  });
});
