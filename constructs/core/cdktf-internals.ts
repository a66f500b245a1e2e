// The only two places the kit leans on how cdktf 0.21 works inside rather than on its public API, kept here so a
// move to a maintained fork has one module to check; __tests__/constructs/core/cdktf-internals.test.ts fails when
// either assumption stops holding. Both only save time: without them synth is slower, never different.
import type { TerraformStack } from "cdktf";

/**
 * cdktf captures a full stack trace for every token it creates (Lazy, intrinsics, dynamic blocks) with
 * Error.captureStackTrace into a plain object, and formats it at once; with App stackTraces off nothing reads it,
 * and formatting was a seventh of synth time. This formats stacks for Errors as V8 does and skips them for
 * anything else. Returns the function that restores the previous formatter.
 */
export function skipCreationStackTraces(): () => void {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (target, frames) => {
    if (!(target instanceof Error)) return "";
    return previous ? previous(target, frames) : `${target}${frames.map((frame) => `\n    at ${frame}`).join("")}`;
  };
  return () => {
    Error.prepareStackTrace = previous;
  };
}

/**
 * cdktf's synthesizer resolves a stack (toTerraform) once for its validations' use and again right after them to
 * write it; token resolution is the largest cost of a synth. After a validation resolved the stack, the next call
 * returns that JSON (rules only read it), and the method is the class's own again.
 */
export function reuseResolvedJsonOnce(stack: TerraformStack, json: ReturnType<TerraformStack["toTerraform"]>): void {
  stack.toTerraform = () => {
    delete (stack as { toTerraform?: unknown }).toTerraform;
    return json;
  };
}
