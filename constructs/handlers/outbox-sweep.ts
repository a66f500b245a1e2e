import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Construct } from "constructs";
import { throwIfProblems } from "../../common/problems";
import type { HandlerFunction } from "./handler-function";

export interface OutboxSweepProps {
  /** Rule name, e.g. `aec-platform-prod-outbox-sweep`. */
  readonly name: string;
  /** The ingestion function; an empty batch makes it publish the outbox entries still unsent. */
  readonly handler: HandlerFunction;
  /** Minutes between sweeps (1–60). @default 5 */
  readonly intervalMinutes?: number;
}

/** What the scheduled invocation sends: an SQS-shaped batch with no records, which only runs the sweep. */
export const SWEEP_EVENT = { Records: [] } as const;

/**
 * Invokes ingestion on a schedule so that outbox entries left unsent (the broker was down until their messages
 * went to the dead-letter queue) are published even when no new upload arrives to carry them along.
 */
export class OutboxSweep extends Construct {
  readonly rule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: OutboxSweepProps) {
    super(scope, id);
    const minutes = props.intervalMinutes ?? 5;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60) {
      throwIfProblems(`OutboxSweep props at ${this.node.path}`, [
        { field: "intervalMinutes", value: minutes, expected: "a whole number of minutes from 1 to 60", fix: "use 5" },
      ]);
    }
    this.rule = new CloudwatchEventRule(this, "schedule", {
      name: props.name,
      description: `Publishes outbox entries still unsent (${props.handler.name})`,
      scheduleExpression: minutes === 1 ? "rate(1 minute)" : `rate(${minutes} minutes)`,
    });
    const permission = new LambdaPermission(this, "invoke", {
      statementId: "AllowOutboxSweepSchedule",
      action: "lambda:InvokeFunction",
      functionName: props.handler.functionName,
      principal: "events.amazonaws.com",
      sourceArn: this.rule.arn,
    });
    new CloudwatchEventTarget(this, "target", {
      rule: this.rule.name,
      arn: props.handler.arn,
      input: JSON.stringify(SWEEP_EVENT),
      dependsOn: [permission],
    });
  }
}
