// An unclassified type is listed under "other", unpriced and off the diagram. That every synthesized type is
// classified is checked in report.test.ts, on the synth it shares with the other report tests.
import { classify, unclassifiedTypes } from "../../report/classify";

describe("report type classification", () => {
  it("files an unknown type under other, unpriced and off the diagram", () => {
    expect(classify("aws_made_up_thing")).toEqual({ service: "other", label: "aws_made_up_thing" });
    expect(unclassifiedTypes(["aws_vpc", "aws_made_up_thing", "aws_made_up_thing"])).toEqual(["aws_made_up_thing"]);
  });
});
