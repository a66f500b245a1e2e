import { defineRule, fail, pass } from "../../types";
import { isSet, text } from "../../values";

export default defineRule({
  id: "KIT-LAMBDA-008",
  level: "error",
  description: "Invoke permissions name one principal, and service principals are scoped by source ARN or account.",
  fix: "Set source_arn (e.g. the bucket, topic or API execution ARN) or source_account on the aws_lambda_permission.",
  refs: { fsbp: ["Lambda.1"] },
  appliesTo: ["aws_lambda_permission"],
  check: ({ config }) => {
    const principal = text(config["principal"]) ?? "";
    if (principal === "*") return fail('principal is "*", so anyone can invoke the function');
    const isService = principal.endsWith(".amazonaws.com");
    if (isService && !isSet(config["source_arn"]) && !isSet(config["source_account"])) {
      return fail(`${principal} may invoke the function on behalf of any account (no source_arn or source_account)`);
    }
    return pass();
  },
});
