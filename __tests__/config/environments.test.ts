import { readdirSync } from "node:fs";
import { join } from "node:path";
import { dev, platform, prod, prodDr, staging } from "../../config/environments";
import { overlaps, parseCidr } from "../../common/cidr";
import { standardSubnets } from "../../config/subnet-plan";
import { checkProject } from "../../config/validate";

describe("shipped environments", () => {
  it("are valid", () => {
    expect(checkProject(platform)).toEqual([]);
  });

  it("are every environment file under config/environments/, each listed once under its file's name", () => {
    const folder = join(__dirname, "../../config/environments");
    const files = readdirSync(folder).filter((f) => f.endsWith(".ts") && !["index.ts", "defaults.ts"].includes(f));
    expect(platform.environments.map((e) => `${e.name}.ts`).sort()).toEqual(files.sort());
  });

  it("put dev, staging and prod in us-west-2 and prod-dr in us-east-1", () => {
    expect([dev, staging, prod].map((e) => e.region)).toEqual(["us-west-2", "us-west-2", "us-west-2"]);
    expect(prodDr.region).toBe("us-east-1");
  });

  it("give prod the architecture's network", () => {
    expect(prod.network.vpcCidr).toBe("10.0.0.0/16");
    expect(prod.availabilityZones).toEqual(["us-west-2a", "us-west-2b", "us-west-2c"]);
    expect(prod.network.subnets.public).toEqual({
      "us-west-2a": "10.0.1.0/24",
      "us-west-2b": "10.0.2.0/24",
      "us-west-2c": "10.0.3.0/24",
    });
    expect(prod.network.subnets.private).toEqual({
      "us-west-2a": "10.0.10.0/24",
      "us-west-2b": "10.0.20.0/24",
      "us-west-2c": "10.0.30.0/24",
    });
    expect(Object.keys(prod.network.subnets.data)).toEqual(prod.availabilityZones);
    expect(prod.network.nat).toBe("perAz");
    expect(prod.multiAz).toBe(true);
  });

  it("keep prod-dr's VPC apart from prod's so they can peer", () => {
    expect(overlaps(parseCidr(prod.network.vpcCidr)!, parseCidr(prodDr.network.vpcCidr)!)).toBe(false);
    expect(prodDr.state.region).toBe("us-east-1");
  });

  it("give dev one NAT, fewer AZs and no interface endpoints", () => {
    expect(dev.network.nat).toBe("single");
    expect(dev.availabilityZones).toHaveLength(2);
    expect(dev.network.interfaceEndpoints).toEqual([]);
    expect(dev.multiAz).toBe(false);
  });
});

describe("standardSubnets", () => {
  it("fails for a VPC that is not a /16", () => {
    expect(() => standardSubnets("10.0.0.0/20", ["us-west-2a"])).toThrow(
      'standardSubnets: vpcCidr "10.0.0.0/20" must be a /16',
    );
  });
  it("fails for more than 9 AZs", () => {
    expect(() => standardSubnets("10.0.0.0/16", Array.from({ length: 10 }, (_, i) => `az${i}`))).toThrow(
      "10 AZs given; the standard layout holds at most 9",
    );
  });
});
