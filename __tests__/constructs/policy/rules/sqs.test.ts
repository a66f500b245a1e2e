import { ruleSuite } from "./harness";

const KEY = "${aws_kms_key.storage.arn}";
const redrive = (dlq: string) => JSON.stringify({ deadLetterTargetArn: `\${aws_sqs_queue.${dlq}.arn}`, maxReceiveCount: 5 });

ruleSuite("sqs", {
  "KIT-SQS-001": [
    { name: "a customer key", expect: ["pass"], resources: { aws_sqs_queue: { q: { kms_master_key_id: KEY } } } },
    { name: "a customer key beside a stray SQS-managed flag", expect: ["pass"], resources: { aws_sqs_queue: { q: { kms_master_key_id: KEY, sqs_managed_sse_enabled: true } } } },
    { name: "SQS-managed SSE", expect: ["fail", "sqs_managed_sse_enabled uses an SQS-owned key"], resources: { aws_sqs_queue: { q: { sqs_managed_sse_enabled: true } } } },
    { name: "nothing", expect: ["fail", "kms_master_key_id: no KMS key is set, so the service uses an AWS-managed key"], resources: { aws_sqs_queue: { q: {} } } },
  ],
  "KIT-SQS-002": [
    { name: "a redrive policy", expect: ["pass"], resources: { aws_sqs_queue: { q: { redrive_policy: redrive("dlq") } } } },
    {
      name: "a separate redrive policy resource",
      expect: ["pass"],
      resources: { aws_sqs_queue: { q: {} }, aws_sqs_queue_redrive_policy: { r: { queue_url: "${aws_sqs_queue.q.id}", redrive_policy: redrive("dlq") } } },
    },
    { name: "the dead-letter queue of another queue", expect: ["pass", "this queue is a dead-letter queue"], address: "aws_sqs_queue.dlq", resources: { aws_sqs_queue: { q: { redrive_policy: redrive("dlq") }, dlq: {} } } },
    {
      name: "the dead-letter queue of a redrive policy resource",
      expect: ["pass", "this queue is a dead-letter queue"],
      address: "aws_sqs_queue.dlq",
      resources: { aws_sqs_queue: { dlq: {} }, aws_sqs_queue_redrive_policy: { r: { queue_url: "${aws_sqs_queue.q.id}", redrive_policy: redrive("dlq") } } },
    },
    {
      name: "a queue whose name is a prefix of the dead-letter queue's",
      expect: ["fail", "no redrive_policy"],
      address: "aws_sqs_queue.d",
      resources: { aws_sqs_queue: { d: {}, q: { redrive_policy: redrive("dlq") }, dlq: {} } },
    },
    { name: "none", expect: ["fail", "no redrive_policy"], resources: { aws_sqs_queue: { q: {} } } },
  ],
});
