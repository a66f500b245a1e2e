import { Testing } from "cdktf";
import { platform } from "../../../config/environments";
import { addressesPerNode, estimateAddresses, usableAddresses } from "../../../constructs/cluster/address-capacity";
import { buildPlatform } from "../../../stacks/app";
import { warningsIn } from "../../helpers";

describe("address capacity of a cluster's subnets", () => {
  it("counts a full primary and a full warm interface per node, by instance size", () => {
    expect(addressesPerNode("m6i.large")).toBe(20);
    expect(addressesPerNode("m5.xlarge")).toBe(30);
    expect(addressesPerNode("c6i.4xlarge")).toBe(60);
    expect(addressesPerNode("t3.medium")).toBeUndefined();
  });

  it("leaves AWS's five reserved addresses out of every subnet", () => {
    expect(usableAddresses("10.0.10.0/24")).toBe(251);
    expect(usableAddresses("10.0.0.0/20")).toBe(4091);
  });

  it("adds up node groups at maxSize with the hungriest type of each, against subnets less endpoints", () => {
    const estimate = estimateAddresses({
      nodeGroups: {
        general: { instanceTypes: ["m6i.xlarge", "m5.xlarge"], maxSize: 10 },
        compute: { instanceTypes: ["c6i.4xlarge"], maxSize: 8 },
      },
      subnetCidrs: ["10.0.10.0/24", "10.0.20.0/24", "10.0.30.0/24"],
      otherAddresses: 18,
    });
    expect(estimate).toEqual({ nodes: 780, available: 735 });
  });

  it("claims nothing for an instance type it has no figures for", () => {
    const estimate = estimateAddresses({ nodeGroups: { g: { instanceTypes: ["t3.medium"], maxSize: 100 } }, subnetCidrs: ["10.0.0.0/28"], otherAddresses: 0 });
    expect(estimate).toEqual({ available: 11 });
  });

  it("warns at synth where prod's maxima outgrow its private /24s, and not where they fit", () => {
    const stacks = buildPlatform(Testing.app(), platform, { only: "prod,staging,dev" });
    expect(warningsIn(stacks.prod!.platform.cluster!)).toEqual([
      expect.stringMatching(/^nodeGroups: at maxSize the nodes hold about 780 private addresses .* more than the 735 the private subnets have left/),
    ]);
    for (const env of ["staging", "dev"]) expect(warningsIn(stacks[env]!.platform.cluster!)).toEqual([]);
  });
});
