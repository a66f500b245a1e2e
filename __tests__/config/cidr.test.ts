import { contains, lastAddress, overlaps, parseCidr, subnet } from "../../common/cidr";

describe("parseCidr", () => {
  it("parses a canonical block", () => {
    const c = parseCidr("10.0.0.0/16")!;
    expect(c.prefix).toBe(16);
    expect(lastAddress(c)).toBe(parseCidr("10.0.255.255/32")!.network);
  });

  it.each(["10.0.0.0", "10.0.0.0/33", "256.0.0.0/8", "10.0.1.5/24", "10.0.0/24", " 10.0.0.0/16", "a.b.c.d/8"])(
    "rejects %j",
    (text) => expect(parseCidr(text)).toBeUndefined(),
  );

  it("accepts /0 and /32", () => {
    expect(parseCidr("0.0.0.0/0")?.prefix).toBe(0);
    expect(parseCidr("10.1.2.3/32")?.prefix).toBe(32);
  });
});

describe("overlaps and contains", () => {
  const vpc = parseCidr("10.0.0.0/16")!;
  it("sees a subnet inside its VPC", () => {
    expect(contains(vpc, parseCidr("10.0.10.0/24")!)).toBe(true);
    expect(contains(vpc, parseCidr("10.1.10.0/24")!)).toBe(false);
  });
  it("detects overlap in both directions and adjacency as no overlap", () => {
    expect(overlaps(vpc, parseCidr("10.0.128.0/17")!)).toBe(true);
    expect(overlaps(parseCidr("10.0.128.0/17")!, vpc)).toBe(true);
    expect(overlaps(parseCidr("10.0.0.0/24")!, parseCidr("10.0.1.0/24")!)).toBe(false);
  });
});

describe("subnet", () => {
  const vpc = parseCidr("10.0.0.0/16")!;
  it("carves the n-th block", () => {
    expect(subnet(vpc, 24, 10)).toBe("10.0.10.0/24");
    expect(subnet(vpc, 20, 15)).toBe("10.0.240.0/20");
  });
  it("fails outside the parent", () => {
    expect(() => subnet(vpc, 24, 256)).toThrow("10.0.0.0/16 holds 256 /24 blocks; index 256 is outside 0..255");
    expect(() => subnet(vpc, 8, 0)).toThrow("cannot carve a /8 out of 10.0.0.0/16");
  });
});
