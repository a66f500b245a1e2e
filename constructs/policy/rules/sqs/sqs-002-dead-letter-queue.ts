import { defineRule, fail, pass } from "../../types";
import { isSet, text } from "../../values";

export default defineRule({
  id: "KIT-SQS-002",
  level: "warning",
  description: "Queues that are not dead-letter queues themselves send poison messages to one.",
  fix: "Set redrive_policy (or an aws_sqs_queue_redrive_policy) with deadLetterTargetArn and maxReceiveCount.",
  appliesTo: ["aws_sqs_queue"],
  check: (queue, { stack }) => {
    if (isSet(queue.config["redrive_policy"]) || stack.attachedTo(queue, "aws_sqs_queue_redrive_policy", "queue_url").length > 0) {
      return pass();
    }
    // Redrive policies are JSON strings that embed the dead-letter queue's ARN as ${aws_sqs_queue.<name>.arn}.
    const marker = `\${${queue.type}.${queue.name}.`;
    const isDeadLetterQueue = [...stack.ofType("aws_sqs_queue"), ...stack.ofType("aws_sqs_queue_redrive_policy")].some(
      (other) => text(other.config["redrive_policy"])?.includes(marker),
    );
    return isDeadLetterQueue ? pass("this queue is a dead-letter queue") : fail("no redrive_policy");
  },
});
