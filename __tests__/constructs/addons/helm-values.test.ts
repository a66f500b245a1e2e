import { mergeValues, parseYaml, readYamlFile, renderValues, terraformLiteral } from "../../../constructs/addons/helm-values";

describe("parseYaml", () => {
  it("fails on a repeated key, naming the file, the line and the key", () => {
    expect(() => parseYaml("charts/loki/values.yaml", "loki:\n  auth_enabled: false\n  auth_enabled: true\n")).toThrow(
      'charts/loki/values.yaml line 3 (key "auth_enabled"): got "auth_enabled: true"; expected valid YAML (Map keys must be unique)',
    );
  });

  it("fails on broken indentation, naming the file and line", () => {
    expect(() => parseYaml("charts/x/values.yaml", "a:\n  b: [1,\nc: 2\n")).toThrow(/Invalid Helm values[\s\S]*charts\/x\/values.yaml line \d/);
  });

  it("fails when the top level is not a mapping", () => {
    expect(() => parseYaml("charts/x/values.yaml", "- a\n- b\n")).toThrow(
      'charts/x/values.yaml: got ["a","b"]; expected a mapping of value names at the top level',
    );
  });

  it("reads an empty file as no values", () => {
    expect(parseYaml("charts/x/values.yaml", "# nothing\n")).toEqual({});
  });
});

describe("readYamlFile", () => {
  it("fails on a missing file with its repository path", () => {
    expect(() => readYamlFile("no-such-chart", "values.yaml")).toThrow(
      "charts/no-such-chart/values.yaml: got nothing; expected a readable YAML file. Fix: create charts/no-such-chart/values.yaml",
    );
  });
});

describe("mergeValues", () => {
  const base = { a: { b: 1, c: [1, 2] }, d: "x" };

  it("merges mappings key by key and replaces lists and scalars", () => {
    expect(mergeValues("f", base, { a: { c: [3] }, d: "y" })).toEqual({ a: { b: 1, c: [3] }, d: "y" });
    expect(base).toEqual({ a: { b: 1, c: [1, 2] }, d: "x" });
  });

  it("fails on a top-level key the values file does not declare, naming file and key", () => {
    expect(() => mergeValues("charts/loki/values.yaml", base, { singelBinary: {} })).toThrow(
      'charts/loki/values.yaml: singelBinary: got "singelBinary"; expected a top-level key the values file declares (a, d). Fix: fix the key, or declare "singelBinary" in charts/loki/values.yaml with its default first',
    );
  });
});

describe("renderValues", () => {
  it("escapes Terraform template sequences but keeps cdktf tokens", () => {
    expect(terraformLiteral("a ${HOST} b %{ if } c ${TfToken[TOKEN.7]}")).toBe("a $${HOST} b %%{ if } c ${TfToken[TOKEN.7]}");
    expect(renderValues({ k: "${x}" })).toBe("k: $${x}\n");
  });
});
