import { defineRule, fail, pass } from "../../types";
import { nested } from "../../values";

export default defineRule({
  id: "KIT-LAMBDA-004",
  level: "warning",
  description: "Functions send X-Ray traces.",
  fix: 'Set tracing_config { mode = "Active" } and allow xray:PutTraceSegments.',
  refs: { checkov: ["CKV_AWS_50"] },
  appliesTo: ["aws_lambda_function"],
  check: ({ config }) =>
    nested(config, "tracing_config")?.["mode"] === "Active" ? pass() : fail("tracing_config.mode is not Active"),
});
