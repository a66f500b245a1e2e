import { readPolicy } from "../../policy-document";
import type { StackIndex, TfResource } from "../../stack-index";

/** Resources of `type` configuring `bucket` (by reference, or by the bucket's literal name). */
export function bucketParts(bucket: TfResource, type: string, stack: StackIndex): TfResource[] {
  return stack.attachedTo(bucket, type, "bucket", ["bucket"]);
}

/**
 * True for a bucket that receives S3 server access logs: log delivery supports only SSE-S3 on the destination, and
 * logging a log bucket into itself loops.
 */
export function isAccessLogDestination(bucket: TfResource, stack: StackIndex): boolean {
  if (stack.attachedTo(bucket, "aws_s3_bucket_logging", "target_bucket", ["bucket"]).length > 0) return true;
  return bucketParts(bucket, "aws_s3_bucket_policy", stack).some((policy) => {
    const read = readPolicy(policy.config["policy"], stack);
    return "statements" in read && read.statements.some((s) => s.effect === "Allow" && s.principals?.service.includes("logging.s3.amazonaws.com"));
  });
}
