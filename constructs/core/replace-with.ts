import type { TerraformResource } from "cdktf";

/**
 * Replaces `dependent` whenever `trigger` is replaced (`lifecycle.replace_triggered_by` on the trigger's `id`,
 * which changes only with a replacement; the whole resource would also fire on in-place updates).
 *
 * Written as an override with a bare reference: cdktf renders a token in this list as "${...}", which Terraform's
 * parser refuses in lifecycle arguments.
 */
export function replaceWith(dependent: TerraformResource, trigger: TerraformResource): void {
  dependent.addOverride("lifecycle.replace_triggered_by", [`${trigger.terraformResourceType}.${trigger.friendlyUniqueId}.id`]);
}
