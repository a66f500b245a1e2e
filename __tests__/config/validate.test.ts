import { platform, prod } from "../../config/environments";
import { ConfigError } from "../../common/problems";
import type { EnvironmentConfig, ProjectConfig } from "../../config/types";
import { assertValidProject, checkProject } from "../../config/validate";

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

/** A deep copy of prod that a test may break one field of. */
function prodCopy(): Mutable<EnvironmentConfig> {
  return structuredClone(prod) as Mutable<EnvironmentConfig>;
}

function messageFor(envs: EnvironmentConfig[], project = "aec-platform"): string {
  const config: ProjectConfig = { project, environments: envs };
  try {
    assertValidProject(config);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected the configuration to be rejected");
}

describe("project validation", () => {
  it("accepts the shipped configuration", () => {
    expect(() => assertValidProject(platform)).not.toThrow();
  });

  it("fails on a production environment without deletion protection or Multi-AZ", () => {
    const env = prodCopy();
    env.deletionProtection = false;
    env.multiAz = false;
    const message = messageFor([env]);
    expect(message).toContain("prod.deletionProtection: got false; expected true in a production environment (production: true). Fix: set deletionProtection: true, or production: false");
    expect(message).toContain("prod.multiAz: got false; expected true in a production environment");
  });

  it("fails on a bad VPC CIDR, naming field, value, expectation and fix", () => {
    const env = prodCopy();
    env.network.vpcCidr = "10.0.0.0/33";
    const msg = messageFor([env]);
    expect(msg).toContain("prod.network.vpcCidr: got \"10.0.0.0/33\"; expected an IPv4 CIDR block");
    expect(msg).toContain("Fix: use a private range");
  });

  it("fails on a VPC larger than /16", () => {
    const env = prodCopy();
    env.network.vpcCidr = "10.0.0.0/8";
    expect(messageFor([env])).toContain("prefix from /16 to /24");
  });

  it("fails on a subnet outside the VPC", () => {
    const env = prodCopy();
    env.network.subnets.private["us-west-2a"] = "10.9.10.0/24";
    expect(messageFor([env])).toContain(
      'prod.network.subnets.private.us-west-2a: got "10.9.10.0/24"; expected a block inside the VPC CIDR 10.0.0.0/16',
    );
  });

  it("fails on overlapping subnets, naming the one overlapped", () => {
    const env = prodCopy();
    env.network.subnets.data["us-west-2b"] = "10.0.1.0/25";
    expect(messageFor([env])).toContain(
      "prod.network.subnets.data.us-west-2b: got \"10.0.1.0/25\"; expected a block that overlaps no other subnet (it overlaps prod.network.subnets.public.us-west-2a = 10.0.1.0/24)",
    );
  });

  it("fails on a malformed subnet", () => {
    const env = prodCopy();
    env.network.subnets.public["us-west-2c"] = "10.0.3.7/24";
    expect(messageFor([env])).toContain("prod.network.subnets.public.us-west-2c: got \"10.0.3.7/24\"; expected an IPv4 CIDR block with its host bits zero");
  });

  it("fails when an AZ lacks a subnet in a tier", () => {
    const env = prodCopy();
    delete env.network.subnets.data["us-west-2c"];
    expect(messageFor([env])).toContain(
      "prod.network.subnets.data.us-west-2c: got nothing; expected a data subnet CIDR for every availability zone",
    );
  });

  it("fails on a subnet keyed by an AZ the environment does not use", () => {
    const env = prodCopy();
    env.network.subnets.private["us-west-2d"] = "10.0.40.0/24";
    expect(messageFor([env])).toContain("prod.network.subnets.private.us-west-2d: got \"us-west-2d\"; expected one of the environment's availability zones");
  });

  it("fails on fewer than 2 AZs when Multi-AZ is asked", () => {
    const env = prodCopy();
    env.availabilityZones = ["us-west-2a"];
    env.network.subnets = {
      public: { "us-west-2a": "10.0.1.0/24" },
      private: { "us-west-2a": "10.0.10.0/24" },
      data: { "us-west-2a": "10.0.100.0/24" },
    };
    expect(messageFor([env])).toContain(
      'prod.availabilityZones: got ["us-west-2a"]; expected at least 2 availability zones, because multiAz is true. Fix: add a second AZ, or set multiAz: false',
    );
  });

  it("fails on an unknown region and on AZs of another region", () => {
    const env = prodCopy();
    (env as { region: string }).region = "us-west-9";
    const msg = messageFor([env]);
    expect(msg).toContain('prod.region: got "us-west-9"; expected a known region');
    expect(msg).toContain("add the region and its AZ names to KNOWN_REGIONS");

    const wrongAz = prodCopy();
    wrongAz.availabilityZones = ["us-west-2a", "us-east-1b", "us-west-2c"];
    expect(messageFor([wrongAz])).toContain('prod.availabilityZones[1]: got "us-east-1b"; expected an AZ of us-west-2');
  });

  it("fails on duplicate environment names", () => {
    const other = prodCopy();
    other.network.vpcCidr = "10.50.0.0/16";
    other.network.subnets = structuredClone(other.network.subnets);
    const msg = messageFor([prod, other]);
    expect(msg).toContain('environments[prod].name: got "prod"; expected a name no other environment uses');
  });

  it("fails on overlapping VPCs across environments", () => {
    const other = prodCopy();
    other.name = "prod-copy";
    expect(messageFor([prod, other])).toContain(
      "prod-copy.network.vpcCidr: got \"10.0.0.0/16\"; expected a range that overlaps no other environment's VPC (it overlaps prod: 10.0.0.0/16)",
    );
  });

  it("fails on an unknown NAT mode, unknown or repeated endpoints, and infinite retention", () => {
    const env = prodCopy();
    (env.network as { nat: string }).nat = "perAZ";
    (env.network as { interfaceEndpoints: string[] }).interfaceEndpoints = ["sts", "ec2", "sts"];
    env.network.flowLogRetentionDays = 0;
    env.logRetentionDays = 10;
    const msg = messageFor([env]);
    expect(msg).toContain('prod.network.nat: got "perAZ"; expected one of single | perAz | none');
    expect(msg).toContain('prod.network.interfaceEndpoints[1]: got "ec2"; expected one of ecr.api');
    expect(msg).toContain('prod.network.interfaceEndpoints[2]: got "sts"; expected each service at most once');
    expect(msg).toContain("prod.network.flowLogRetentionDays: got 0; expected a finite CloudWatch Logs retention");
    expect(msg).toContain("prod.logRetentionDays: got 10;");
  });

  it("fails on bad names, state settings and account ids", () => {
    const env = prodCopy();
    env.name = "Prod_1";
    env.state = { bucket: "Bad_Bucket", region: "mars-1" as never };
    env.allowedAccountIds = ["1234"];
    const msg = messageFor([env], "AEC");
    expect(msg).toContain('project: got "AEC"; expected lower-case letters');
    expect(msg).toContain('Prod_1.name: got "Prod_1"');
    expect(msg).toContain('Prod_1.state.bucket: got "Bad_Bucket"; expected an S3 bucket name');
    expect(msg).toContain('Prod_1.state.region: got "mars-1"');
    expect(msg).toContain('Prod_1.allowedAccountIds[0]: got "1234"; expected a 12-digit AWS account id');
  });

  it("collects every problem into one error with a count", () => {
    const env = prodCopy();
    env.network.vpcCidr = "bad";
    env.network.flowLogRetentionDays = 2;
    const problems = checkProject({ project: "aec-platform", environments: [env] });
    expect(problems.map((p) => p.field)).toEqual(["prod.network.vpcCidr", "prod.network.flowLogRetentionDays"]);
    expect(messageFor([env])).toMatch(/^Invalid platform configuration \(2 problems\):\n  1\. prod\.network\.vpcCidr/);
  });

  it("fails on an empty environment list", () => {
    expect(messageFor([])).toContain("environments: got []; expected at least one environment");
  });
});

describe("security services flags", () => {
  it("fails on an unknown service or a non-boolean flag", () => {
    const env = prodCopy();
    (env as { securityServices: Record<string, unknown> }).securityServices = { guardduty: false, webFirewall: "no" };
    const msg = messageFor([env]);
    expect(msg).toContain('prod.securityServices.guardduty: got false; expected true or false for one of cloudTrail, guardDuty');
    expect(msg).toContain('prod.securityServices.webFirewall: got "no"');
  });
});

describe("delivery settings", () => {
  it("reports a repository that is not owner/name and a bad branch, beside the environments' problems", () => {
    const problems = checkProject({ ...platform, delivery: { repository: "just-a-name", mainBranch: "/main" } });
    expect(problems.map((p) => [p.field, p.value])).toEqual([
      ["delivery.repository", "just-a-name"],
      ["delivery.mainBranch", "/main"],
    ]);
    expect(checkProject(platform)).toEqual([]);
  });
});
