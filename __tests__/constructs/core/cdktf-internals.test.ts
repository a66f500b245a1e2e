// The two assumptions constructs/core/cdktf-internals.ts makes about cdktf's inside. If a cdktf release (or the
// maintained fork) changes either, these fail and name which, instead of synth silently getting slower or, for
// the second, a stack's JSON being served stale.
import { App, Lazy, TerraformOutput, TerraformStack, Tokenization } from "cdktf";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reuseResolvedJsonOnce, skipCreationStackTraces } from "../../../constructs/core/cdktf-internals";

const creationStackOf = (value: unknown) => (Tokenization.reverse(value)[0] as unknown as { creationStack: string[] }).creationStack;

describe("skipCreationStackTraces", () => {
  it("cdktf still records a creation stack for each token through Error.captureStackTrace on a plain object", () => {
    const token = Lazy.stringValue({ produce: () => "x" });
    expect(creationStackOf(token).length).toBeGreaterThan(0);
  });

  it("with it installed tokens carry no creation stack, and Errors keep theirs", () => {
    const restore = skipCreationStackTraces();
    try {
      expect(creationStackOf(Lazy.stringValue({ produce: () => "x" }))).toEqual([]);
      expect(new Error("boom").stack).toMatch(/^Error: boom\n\s+at /);
    } finally {
      restore();
    }
    expect(creationStackOf(Lazy.stringValue({ produce: () => "x" })).length).toBeGreaterThan(0);
  });
});

describe("reuseResolvedJsonOnce", () => {
  it("cdktf's synth calls toTerraform once more right after the validations, which takes the reused JSON", () => {
    const outdir = mkdtempSync(join(tmpdir(), "cdktf-internals-"));
    try {
      const app = new App({ outdir, stackTraces: false });
      const stack = new TerraformStack(app, "probe");
      new TerraformOutput(stack, "answer", { value: Lazy.numberValue({ produce: () => 42 }) });
      const resolve = jest.spyOn(TerraformStack.prototype, "toTerraform");
      let reused: unknown;
      stack.node.addValidation({
        validate: () => {
          reused = stack.toTerraform();
          reuseResolvedJsonOnce(stack, reused as ReturnType<TerraformStack["toTerraform"]>);
          return [];
        },
      });
      app.synth();
      // Resolved once by the validation; the synthesizer's own call was answered by the reused JSON.
      expect(resolve).toHaveBeenCalledTimes(1);
      resolve.mockRestore();
      // The override is gone again: a later call resolves afresh.
      expect(Object.prototype.hasOwnProperty.call(stack, "toTerraform")).toBe(false);
      const written = join(outdir, "stacks", "probe", "cdk.tf.json");
      expect(existsSync(written)).toBe(true);
      expect(JSON.parse(readFileSync(written, "utf8")).output.answer.value).toBe(42);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
