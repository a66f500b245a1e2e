// Reading attribute values the way Terraform would; every rule builds on these.
import { parseReference, StackIndex } from "../../../constructs/policy";
import { block, blocks, flag, isExpression, isObject, isSet, nested, numberOf, stringList, text } from "../../../constructs/policy/values";

test.each([
  [undefined, true, true],
  [null, false, false],
  [null, true, true],
  [true, false, true],
  ["true", false, true],
  [false, true, false],
  ["false", true, false],
  ["${var.on}", false, "unknown"],
  ["yes", true, false],
  [1, true, false],
])("flag(%p, default %p) is %p", (value, fallback, expected) => {
  expect(flag(value, fallback)).toBe(expected);
});

test.each([
  [undefined, undefined],
  [null, undefined],
  ["", undefined],
  [0, 0],
  [7, 7],
  ["30", 30],
  ["-1", -1],
  ["2.5", 2.5],
  ["2.55", 2.55],
  [[12], "unknown"],
  ["3.", "unknown"],
  ["12abc", "unknown"],
  ["abc12", "unknown"],
  ["${var.n}", "unknown"],
  [true, "unknown"],
])("numberOf(%p) is %p", (value, expected) => {
  expect(numberOf(value)).toBe(expected);
});

test("isSet, text and isExpression", () => {
  expect([undefined, null, "", [], "x", [1], 0, false, {}].map(isSet)).toEqual([false, false, false, false, true, true, true, true, true]);
  expect([undefined, "", "x", 1].map(text)).toEqual([undefined, undefined, "x", undefined]);
  expect(["${a}", "a${b}c", "$a", "{a}", 1].map(isExpression)).toEqual([true, true, false, false, false]);
});

test("block, blocks and nested read blocks rendered as objects or lists", () => {
  expect(block({ a: 1 })).toEqual({ a: 1 });
  expect(block([{ a: 1 }, { a: 2 }])).toEqual({ a: 1 });
  expect(block([1])).toBeUndefined();
  expect(block([])).toBeUndefined();
  expect(block("x")).toBeUndefined();
  expect(blocks([{ a: 1 }, 2, null, { a: 3 }])).toEqual([{ a: 1 }, { a: 3 }]);
  expect(blocks({ a: 1 })).toEqual([{ a: 1 }]);
  expect(blocks("x")).toEqual([]);
  expect(nested({ a: [{ b: { c: 1 } }] }, "a", "b")).toEqual({ c: 1 });
  expect(nested({ a: { b: 1 } }, "a", "b")).toBeUndefined();
  expect(nested(undefined, "a")).toBeUndefined();
  expect(nested({ a: 1 })).toEqual({ a: 1 });
});

test("stringList and isObject", () => {
  expect(stringList("a")).toEqual(["a"]);
  expect(stringList(["a", 1, "b", null])).toEqual(["a", "b"]);
  expect(stringList(7)).toEqual([]);
  expect([{}, [], null, "x"].map(isObject)).toEqual([true, false, false, false]);
});

test.each([
  ["${aws_kms_key.k.arn}", { mode: "resource", type: "aws_kms_key", name: "k", attribute: "arn" }],
  ["${aws_kms_key.k}", { mode: "resource", type: "aws_kms_key", name: "k", attribute: "" }],
  ["${data.aws_iam_policy_document.d.json}", { mode: "data", type: "aws_iam_policy_document", name: "d", attribute: "json" }],
  ['${data.terraform_remote_state.p.outputs["key"]}', { mode: "data", type: "terraform_remote_state", name: "p", attribute: 'outputs["key"]' }],
  ["${aws_s3_bucket.my-bucket_1.id}", { mode: "resource", type: "aws_s3_bucket", name: "my-bucket_1", attribute: "id" }],
  ["${var.key.arn}", undefined],
  ["${local.key}", undefined],
  ["${module.m.key}", undefined],
  ["${each.value}", undefined],
  ["${count.index}", undefined],
  ["${data.var.x}", { mode: "data", type: "var", name: "x", attribute: "" }],
  ["${aws_kms_key.k.arn}-suffix", undefined],
  ["prefix-${aws_kms_key.k.arn}", undefined],
  ["${upper(aws_kms_key.k.arn)}", undefined],
  ["aws_kms_key.k.arn", undefined],
  [7, undefined],
])("parseReference(%p)", (value, expected) => {
  expect(parseReference(value)).toEqual(expected);
});

describe("StackIndex", () => {
  const stack = new StackIndex(
    {
      "//": { metadata: { stackName: "net" } },
      resource: {
        aws_s3_bucket: { docs: { bucket: "docs-bucket", "//": { metadata: { path: "net/docs" } } }, other: { bucket: "other" } },
        aws_s3_bucket_versioning: {
          byRef: { bucket: "${aws_s3_bucket.docs.id}" },
          byName: { bucket: "docs-bucket" },
          byData: { bucket: "${data.aws_s3_bucket.docs.id}" },
          toOther: { bucket: "${aws_s3_bucket.other.id}" },
          toSameNameOtherType: { bucket: "${aws_s3_object.docs.id}" },
          notText: { bucket: 1 },
        },
      },
      data: { aws_s3_bucket: { docs: { bucket: "docs-bucket" } } },
    },
    "fallback",
  );
  const docs = stack.resource("aws_s3_bucket", "docs")!;

  test("indexes resources by type and address, with their construct path and without metadata", () => {
    expect(stack.name).toBe("net");
    expect(stack.resources).toHaveLength(8);
    expect(docs).toEqual({ type: "aws_s3_bucket", name: "docs", address: "aws_s3_bucket.docs", path: "net/docs", config: { bucket: "docs-bucket" } });
    expect(stack.ofType("aws_s3_bucket").map((r) => r.name)).toEqual(["docs", "other"]);
    expect(stack.ofType("aws_vpc")).toEqual([]);
    expect(stack.resource("aws_s3_bucket", "none")).toBeUndefined();
  });

  test("finds data sources and reference targets", () => {
    expect(stack.dataSource("aws_s3_bucket", "docs")?.address).toBe("data.aws_s3_bucket.docs");
    expect(stack.dataSource("aws_s3_bucket", "other")).toBeUndefined();
    expect(stack.target(parseReference("${data.aws_s3_bucket.docs.arn}")!)?.address).toBe("data.aws_s3_bucket.docs");
    expect(stack.target(parseReference("${aws_s3_bucket.docs.arn}")!)?.address).toBe("aws_s3_bucket.docs");
  });

  test("attachedTo matches references to the resource, and literals equal to its given keys", () => {
    expect(stack.attachedTo(docs, "aws_s3_bucket_versioning", "bucket").map((r) => r.name)).toEqual(["byRef"]);
    expect(stack.attachedTo(docs, "aws_s3_bucket_versioning", "bucket", ["bucket", "missing"]).map((r) => r.name)).toEqual(["byRef", "byName"]);
  });

  test("tolerates JSON without sections, metadata or objects where it expects them", () => {
    expect(new StackIndex(undefined).name).toBe("stack");
    expect(new StackIndex({ resource: [], "//": { metadata: { stackName: 7 } } }, "x")).toMatchObject({ name: "x", resources: [] });
    expect(new StackIndex({ resource: { aws_vpc: { v: null, w: { "//": "x", cidr_block: "c" } } } }).resources).toEqual([
      { type: "aws_vpc", name: "v", address: "aws_vpc.v", config: {} },
      { type: "aws_vpc", name: "w", address: "aws_vpc.w", config: { cidr_block: "c" } },
    ]);
  });
});
