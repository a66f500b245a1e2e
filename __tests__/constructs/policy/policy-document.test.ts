// Reading IAM policy documents from JSON strings and from aws_iam_policy_document data sources.
import { readPolicy, StackIndex } from "../../../constructs/policy";

const stack = new StackIndex({
  data: {
    aws_iam_policy_document: {
      base: {
        statement: [
          {
            sid: "Read",
            effect: "Allow",
            actions: ["s3:GetObject"],
            resources: ["arn:aws:s3:::b/*"],
            principals: [{ type: "AWS", identifiers: ["*"] }],
            condition: [{ test: "StringEquals", variable: "aws:PrincipalOrgID", values: ["o-123"] }],
          },
        ],
      },
      merged: {
        source_policy_documents: ["${data.aws_iam_policy_document.base.json}"],
        statement: [{ effect: "Deny", not_actions: ["kms:Decrypt"], resources: ["*"] }],
      },
    },
  },
});

test("a data source converts statement by statement, including its source documents", () => {
  const read = readPolicy("${data.aws_iam_policy_document.merged.json}", stack);
  expect(read).toEqual({
    statements: [
      {
        sid: "Read",
        effect: "Allow",
        actions: ["s3:GetObject"],
        notActions: [],
        resources: ["arn:aws:s3:::b/*"],
        principals: { anyone: true, aws: ["*"], service: [], federated: [] },
        conditions: { StringEquals: { "aws:PrincipalOrgID": ["o-123"] } },
      },
      { effect: "Deny", actions: [], notActions: ["kms:Decrypt"], resources: ["*"], conditions: {} },
    ],
  });
});

test("a JSON document with a single statement object and a string principal", () => {
  const read = readPolicy(JSON.stringify({ Statement: { Effect: "Allow", Principal: "*", Action: "sqs:*", Condition: { Bool: { "aws:SecureTransport": true } } } }), stack);
  expect(read).toMatchObject({ statements: [{ principals: { anyone: true }, actions: ["sqs:*"], conditions: { Bool: { "aws:SecureTransport": ["true"] } } }] });
});

test("an expression only Terraform can render is reported as unreadable", () => {
  expect(readPolicy("${jsonencode(local.policy)}", stack)).toHaveProperty("unreadable");
  expect(readPolicy("${data.aws_iam_policy_document.elsewhere.json}", stack)).toHaveProperty("unreadable");
});

test("an unreadable identity policy passes its rules with a note instead of failing the synth", async () => {
  const { evaluate, KIT_RULES } = await import("../../../constructs/policy");
  const report = evaluate({ resource: { aws_iam_policy: { p: { policy: "${jsonencode(local.policy)}" } } } }, KIT_RULES);
  const finding = report.findings.find((f) => f.rule === "KIT-IAM-001");
  expect(finding).toMatchObject({ status: "pass", message: expect.stringMatching(/^not checked: policy: /) });
});
