import { defineRule, fail, pass } from "../../types";
import { flag, isSet, nested } from "../../values";

export default defineRule({
  id: "KIT-MSK-004",
  level: "error",
  description: "Kafka clients authenticate (IAM/SASL or mutual TLS); unauthenticated access is off.",
  fix: "Set client_authentication { sasl { iam = true }, unauthenticated = false }.",
  appliesTo: ["aws_msk_cluster"],
  check: ({ config }) => {
    const auth = nested(config, "client_authentication");
    if (flag(auth?.["unauthenticated"], false) === true) return fail("client_authentication.unauthenticated is true");
    const sasl = nested(auth, "sasl");
    const authenticated =
      flag(sasl?.["iam"], false) === true || flag(sasl?.["scram"], false) === true || isSet(nested(auth, "tls")?.["certificate_authority_arns"]);
    return authenticated ? pass() : fail("no client authentication method is enabled");
  },
});
