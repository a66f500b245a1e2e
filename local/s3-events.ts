// What S3 and SQS would hand the ingestion handler: keys encoded as S3 encodes them in notifications, and the
// SQS batch that Lambda's event source mapping delivers. Shared by the local run and the integration tests.
import type { SQSEvent, SQSRecord } from "aws-lambda";

/** S3's notification encoding: form-style, "+" for spaces, "/" kept. */
export function encodeKeyLikeS3(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, "/").replace(/%20/g, "+");
}

let sequence = 0;

/** An SQS batch as Lambda's event source mapping delivers it. */
export function sqsEvent(bodies: readonly string[], ids?: readonly string[]): SQSEvent {
  return {
    Records: bodies.map((body, i): SQSRecord => {
      const messageId = ids?.[i] ?? `msg-${++sequence}`;
      return {
        messageId,
        receiptHandle: `rh-${messageId}`,
        body,
        attributes: {
          ApproximateReceiveCount: "1",
          SentTimestamp: "0",
          SenderId: "s3",
          ApproximateFirstReceiveTimestamp: "0",
        },
        messageAttributes: {},
        md5OfBody: "",
        eventSource: "aws:sqs",
        eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:uploads",
        awsRegion: "us-east-1",
      };
    }),
  };
}
