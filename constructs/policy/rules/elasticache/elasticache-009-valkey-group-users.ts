import { parseReference, type StackIndex, type TfResource } from "../../stack-index";
import { defineRule, failIfAny, notApplicable } from "../../types";
import { block, stringList, text } from "../../values";

const AUTHENTICATED = ["password", "iam"];

// ElastiCache RBAC: a Valkey user group may only hold users that authenticate with a password or IAM; the
// "default" user with no-password-required is a Redis OSS requirement, and a Valkey group holding one is refused.
export default defineRule({
  id: "KIT-ELASTICACHE-009",
  level: "error",
  description: "Valkey user groups hold only users that authenticate with a password or IAM (no no-password-required user).",
  fix: "Remove the passwordless user (a disabled \"default\" user is for Redis OSS groups only); keep IAM or password users.",
  appliesTo: ["aws_elasticache_user_group"],
  check: ({ config }, { stack }) => {
    if (text(config["engine"]) !== "valkey") return notApplicable;
    const ids = stringList(config["user_ids"]);
    const members = ids.map((id) => memberOf(id, stack));
    const outside = ids.filter((_, i) => !members[i]);
    const problems = members.flatMap((user) => {
      if (!user) return [];
      const mode = text(block(user.config["authentication_mode"])?.["type"]);
      return mode !== undefined && !AUTHENTICATED.includes(mode)
        ? [`member ${text(user.config["user_id"]) ?? user.address} authenticates with ${mode}`]
        : [];
    });
    return failIfAny(problems, outside.length > 0 ? `users outside this stack are not checked: ${outside.join(", ")}` : undefined);
  },
});

/** The user a group entry names, by reference or by its literal user_id; undefined when not in this stack. */
function memberOf(id: string, stack: StackIndex): TfResource | undefined {
  const ref = parseReference(id);
  if (ref) return ref.type === "aws_elasticache_user" ? stack.target(ref) : undefined;
  return stack.ofType("aws_elasticache_user").find((u) => u.config["user_id"] === id);
}
