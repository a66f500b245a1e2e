// docs/observability.md lists every alert rule the kit ships, and nothing it does not.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ruleGroups } from "../../constructs/monitoring/monitoring-content";

const doc = readFileSync(join(__dirname, "..", "..", "docs", "observability.md"), "utf8");
const shipped = Object.values({ ...ruleGroups("rabbitmq"), ...ruleGroups("kafka") })
  .flatMap((file) => (file.groups as { rules: { alert: string }[] }[]).flatMap((g) => g.rules.map((r) => r.alert)))
  .sort();

describe("docs/observability.md", () => {
  it("documents every shipped alert, each in the table with its severity", () => {
    const documented = [...doc.matchAll(/^\| `([A-Za-z]+)` \| [^|]+ \| (critical|warning) \|/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(shipped);
  });
});
