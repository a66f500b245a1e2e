import { defineRule, fail, pass } from "../../types";
import { flag } from "../../values";

export default defineRule({
  id: "KIT-CLOUDTRAIL-001",
  level: "error",
  description: "Trails record every region, including global service events.",
  fix: "Set is_multi_region_trail = true and include_global_service_events = true.",
  refs: { checkov: ["CKV_AWS_67"], fsbp: ["CloudTrail.1"] },
  appliesTo: ["aws_cloudtrail"],
  check: ({ config }) => {
    if (flag(config["is_multi_region_trail"], false) !== true) return fail("is_multi_region_trail is not true");
    return flag(config["include_global_service_events"], true) === false ? fail("include_global_service_events is false") : pass();
  },
});
