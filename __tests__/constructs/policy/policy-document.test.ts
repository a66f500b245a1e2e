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

describe("every statement field, read exactly", () => {
  const empty = new StackIndex({});

  test("from JSON", () => {
    const doc = {
      Statement: [
        { Sid: 7, Effect: "Deny", NotAction: "s3:*", Resource: ["a", "b"], Principal: { AWS: ["arn:aws:iam::1:root", "*"], Service: "s.amazonaws.com", Federated: ["f"] } },
        { Effect: "Allow", Action: ["a:B"], Principal: { CanonicalUser: "x" }, Condition: { StringEquals: { "k:A": ["1", "2"], "k:B": false }, Bad: "x" } },
        "not a statement",
        { Effect: "Other" },
      ],
    };
    expect(readPolicy(JSON.stringify(doc), empty)).toEqual({
      statements: [
        {
          effect: "Deny",
          actions: [],
          notActions: ["s3:*"],
          resources: ["a", "b"],
          principals: { anyone: true, aws: ["arn:aws:iam::1:root", "*"], service: ["s.amazonaws.com"], federated: ["f"] },
          conditions: {},
        },
        {
          effect: "Allow",
          actions: ["a:B"],
          notActions: [],
          resources: [],
          principals: { anyone: false, aws: [], service: [], federated: [] },
          conditions: { StringEquals: { "k:A": ["1", "2"], "k:B": ["false"] } },
        },
        { effect: "Allow", actions: [], notActions: [], resources: [], conditions: {} },
      ],
    });
  });

  test("a document given as an object, and documents without statements", () => {
    expect(readPolicy({ Statement: { Effect: "Allow", Action: "x:Y" } }, empty)).toMatchObject({ statements: [{ actions: ["x:Y"] }] });
    expect(readPolicy(JSON.stringify({ Version: "2012-10-17" }), empty)).toEqual({ statements: [] });
    expect(readPolicy(undefined, empty)).toEqual({ statements: [] });
    expect(readPolicy(null, empty)).toEqual({ statements: [] });
    expect(readPolicy("", empty)).toEqual({ statements: [] });
    expect(readPolicy("{not json", empty)).toEqual({ unreadable: "the policy is not a JSON document known at synth time" });
    expect(readPolicy("[1]", empty)).toEqual({ unreadable: "the policy is not a JSON document known at synth time" });
    expect(readPolicy("${aws_iam_policy.p.policy}", empty)).toEqual({ unreadable: "the policy is not a JSON document known at synth time" });
  });

  test("from a data source: overrides, unreadable sources dropped, conditions merged by test, principal types", () => {
    const stack = new StackIndex({
      data: {
        aws_iam_policy_document: {
          d: {
            source_policy_documents: ["${jsonencode(local.x)}", JSON.stringify({ Statement: { Sid: "Src", Effect: "Allow", Action: "a:A" } })],
            override_policy_documents: [JSON.stringify({ Statement: { Sid: "Ovr", Effect: "Deny", Action: "b:B" } })],
            statement: [
              {
                sid: "Own",
                effect: "Deny",
                actions: ["c:C"],
                not_actions: ["d:D"],
                resources: ["r"],
                principals: [
                  { type: "AWS", identifiers: ["arn:aws:iam::1:root"] },
                  { type: "Service", identifiers: ["s.amazonaws.com"] },
                  { type: "Federated", identifiers: ["f"] },
                ],
                condition: [
                  { test: "StringEquals", variable: "k:A", values: ["1"] },
                  { test: "StringEquals", variable: "k:B", values: ["2"] },
                  { test: "Bool", variable: "k:C", values: ["true"] },
                ],
              },
              { sid: 3, principals: [{ type: "*", identifiers: ["*"] }] },
            ],
          },
        },
      },
    });
    expect(readPolicy("${data.aws_iam_policy_document.d.json}", stack)).toEqual({
      statements: [
        { sid: "Src", effect: "Allow", actions: ["a:A"], notActions: [], resources: [], conditions: {} },
        { sid: "Ovr", effect: "Deny", actions: ["b:B"], notActions: [], resources: [], conditions: {} },
        {
          sid: "Own",
          effect: "Deny",
          actions: ["c:C"],
          notActions: ["d:D"],
          resources: ["r"],
          principals: { anyone: false, aws: ["arn:aws:iam::1:root"], service: ["s.amazonaws.com"], federated: ["f"] },
          conditions: { StringEquals: { "k:A": ["1"], "k:B": ["2"] }, Bool: { "k:C": ["true"] } },
        },
        { effect: "Allow", actions: [], notActions: [], resources: [], principals: { anyone: true, aws: [], service: [], federated: [] }, conditions: {} },
      ],
    });
  });

  test("only aws_iam_policy_document data sources are read as documents", () => {
    const stack = new StackIndex({ data: { aws_iam_role: { r: { statement: [{ actions: ["x:Y"] }] } } } });
    expect(readPolicy("${data.aws_iam_role.r.json}", stack)).toEqual({ unreadable: "the policy is not a JSON document known at synth time" });
  });
});

test("hasConditions, conditionKeys and describe", async () => {
  const { conditionKeys, describe: describeStatement, hasConditions } = await import("../../../constructs/policy/policy-document");
  const base = { effect: "Allow" as const, actions: [], notActions: [], resources: [] };
  expect(hasConditions({ ...base, conditions: {} })).toBe(false);
  expect(hasConditions({ ...base, conditions: { StringEquals: {} } })).toBe(false);
  expect(hasConditions({ ...base, conditions: { StringEquals: {}, Bool: { "aws:X": ["true"] } } })).toBe(true);
  expect(conditionKeys({ ...base, conditions: { A: { "Aws:SourceArn": [] }, B: { "x:Sub": [], "y:aud": [] } } })).toEqual(["aws:sourcearn", "x:sub", "y:aud"]);
  expect(describeStatement({ ...base, conditions: {}, sid: "Read" }, 0)).toBe('statement "Read"');
  expect(describeStatement({ ...base, conditions: {} }, 2)).toBe("statement 3");
  expect(describeStatement({ ...base, conditions: {}, sid: "" }, 0)).toBe("statement 1");
});
