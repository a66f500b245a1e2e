import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";

/** Account, partition and region of the stack a construct lives in, read once per stack. */
export interface AwsContext {
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
  /** DNS suffix for service principals, e.g. amazonaws.com. */
  readonly dnsSuffix: string;
}

const CONTEXT_ID = "aws-context";
const cache = new WeakMap<TerraformStack, AwsContext>();

export function awsContext(scope: IConstruct): AwsContext {
  const stack = TerraformStack.of(scope);
  let ctx = cache.get(stack);
  if (!ctx) {
    const identity = new DataAwsCallerIdentity(stack, `${CONTEXT_ID}-account`);
    const partition = new DataAwsPartition(stack, `${CONTEXT_ID}-partition`);
    const region = new DataAwsRegion(stack, `${CONTEXT_ID}-region`);
    ctx = {
      accountId: identity.accountId,
      partition: partition.partition,
      region: region.region,
      dnsSuffix: partition.dnsSuffix,
    };
    cache.set(stack, ctx);
  }
  return ctx;
}

export function accountRootArn(ctx: AwsContext): string {
  return `arn:${ctx.partition}:iam::${ctx.accountId}:root`;
}
