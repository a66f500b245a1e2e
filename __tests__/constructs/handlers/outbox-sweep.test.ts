import { OutboxSweep, SWEEP_EVENT } from "../../../constructs/handlers/outbox-sweep";
import { synthJson } from "../../helpers";
import { at, handlersIn } from "./fixtures";

const { json, stack, handlers } = handlersIn("prod");
const INGESTION_ARN = /^\$\{aws_lambda_function\.handlers_ingestion_function_[0-9A-F]{8}\.arn\}$/;
const RULE = /^\$\{aws_cloudwatch_event_rule\.handlers_outbox-sweep_schedule_[0-9A-F]{8}\.(arn|name)\}$/;

describe("outbox sweep", () => {
  it("invokes ingestion every five minutes", () => {
    expect(at(json, "aws_cloudwatch_event_rule", "handlers/outbox-sweep/schedule")).toMatchObject({
      name: "aec-platform-prod-outbox-sweep",
      schedule_expression: "rate(5 minutes)",
    });
  });

  it("sends an SQS-shaped batch without records, which the handler accepts and answers with a sweep", () => {
    const target = at(json, "aws_cloudwatch_event_target", "handlers/outbox-sweep/target");
    expect(target).toMatchObject({ arn: expect.stringMatching(INGESTION_ARN), rule: expect.stringMatching(RULE) });
    expect(JSON.parse(target.input as string)).toEqual({ Records: [] });
    expect(SWEEP_EVENT).toEqual({ Records: [] });
  });

  it("lets only this rule invoke the function, and creates the target after the permission", () => {
    const permission = at(json, "aws_lambda_permission", "handlers/outbox-sweep/invoke");
    expect(permission).toMatchObject({
      action: "lambda:InvokeFunction",
      principal: "events.amazonaws.com",
      source_arn: expect.stringMatching(RULE),
      function_name: expect.stringMatching(/^\$\{aws_lambda_function\.handlers_ingestion_function_[0-9A-F]{8}\.function_name\}$/),
    });
    expect(at(json, "aws_cloudwatch_event_target", "handlers/outbox-sweep/target").depends_on).toEqual([
      expect.stringMatching(/^aws_lambda_permission\.handlers_outbox-sweep_invoke_[0-9A-F]{8}$/),
    ]);
  });

  it("takes another interval, and names 1 minute in the singular as EventBridge requires", () => {
    new OutboxSweep(stack, "every-minute", { name: "x-1", handler: handlers.functions.ingestion, intervalMinutes: 1 });
    new OutboxSweep(stack, "every-quarter", { name: "x-15", handler: handlers.functions.ingestion, intervalMinutes: 15 });
    const again = synthJson(stack);
    expect(at(again, "aws_cloudwatch_event_rule", "every-minute/schedule").schedule_expression).toBe("rate(1 minute)");
    expect(at(again, "aws_cloudwatch_event_rule", "every-quarter/schedule").schedule_expression).toBe("rate(15 minutes)");
  });

  it.each([0, 61, 2.5])("fails on an interval of %p minutes, naming the field and the fix", (intervalMinutes) => {
    expect(() => new OutboxSweep(stack, `bad-${intervalMinutes}`, { name: "x", handler: handlers.functions.ingestion, intervalMinutes })).toThrow(
      new RegExp(`intervalMinutes[\\s\\S]*${intervalMinutes}[\\s\\S]*a whole number of minutes from 1 to 60[\\s\\S]*use 5`),
    );
  });
});
