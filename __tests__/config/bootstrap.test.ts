// The account model: which bootstrap stacks exist, which environments share an account, and what that rules out.
import { accountOf, bootstrapTargets, checkBootstrap } from "../../config/bootstrap";
import { platform, prod, prodDr, staging } from "../../config/environments";
import type { EnvironmentConfig } from "../../config/types";
import { qaEnvironment } from "./fixtures";

const envs = platform.environments;

/** An environment keeping state in `bucket` in `region`, otherwise a copy of staging. */
function inBucket(name: string, bucket: string, region = "us-west-2", changes: Partial<EnvironmentConfig> = {}): EnvironmentConfig {
  return qaEnvironment({ name, state: { bucket, region } as EnvironmentConfig["state"], ...changes });
}

describe("bootstrapTargets", () => {
  it("gives each state bucket of the shipped environments one stack, named after its first environment", () => {
    expect(bootstrapTargets(envs)).toEqual([
      { id: "dev-bootstrap", environment: "dev", region: "us-west-2", stateBucket: "aec-platform-dev-tfstate-us-west-2", accountRolesFor: ["dev"] },
      { id: "staging-bootstrap", environment: "staging", region: "us-west-2", stateBucket: "aec-platform-staging-tfstate-us-west-2", accountRolesFor: ["staging"] },
      { id: "prod-bootstrap", environment: "prod", region: "us-west-2", stateBucket: "aec-platform-tfstate-us-west-2", accountRolesFor: ["prod", "prod-dr"] },
      // prod-dr shares prod's account: its own bucket's stack creates no account-wide roles.
      { id: "prod-dr-bootstrap", environment: "prod-dr", region: "us-east-1", stateBucket: "aec-platform-tfstate-us-east-1", accountRolesFor: [] },
    ]);
  });

  it("builds only the stacks of the selected environments, still counting every environment of the account", () => {
    expect(bootstrapTargets(envs, [prodDr]).map((t) => t.id)).toEqual(["prod-dr-bootstrap"]);
    expect(bootstrapTargets(envs, [prod])).toEqual([
      { id: "prod-bootstrap", environment: "prod", region: "us-west-2", stateBucket: "aec-platform-tfstate-us-west-2", accountRolesFor: ["prod", "prod-dr"] },
    ]);
    expect(bootstrapTargets(envs, [])).toEqual([]);
  });

  it("names a shared bucket's stack after the first environment that uses it, whichever is selected", () => {
    const a = inBucket("a", "shared-state");
    const b = inBucket("b", "shared-state");
    expect(bootstrapTargets([a, b], [b])).toEqual([
      { id: "a-bootstrap", environment: "a", region: "us-west-2", stateBucket: "shared-state", accountRolesFor: ["a", "b"] },
    ]);
    expect(bootstrapTargets([a, b])).toHaveLength(1);
  });
});

describe("accountOf", () => {
  it("is the state bucket, or the primary's for a recovery environment", () => {
    expect(accountOf(envs, staging)).toBe("aec-platform-staging-tfstate-us-west-2");
    expect(accountOf(envs, prodDr)).toBe(accountOf(envs, prod));
  });

  it("falls back to the environment's own bucket when its primary is not configured", () => {
    expect(accountOf([prodDr], prodDr)).toBe("aec-platform-tfstate-us-east-1");
  });
});

describe("checkBootstrap", () => {
  it("accepts the shipped environments", () => {
    expect(checkBootstrap(envs)).toEqual([]);
  });

  it("rejects a bucket named in two regions, against the region it was first seen in", () => {
    const environments = [
      inBucket("a", "state", "us-west-2", { allowedAccountIds: ["1"] }),
      inBucket("b", "state", "us-east-1", { allowedAccountIds: ["1"], securityServices: { guardDuty: false, securityHub: false } }),
      inBucket("c", "state", "us-east-1", { allowedAccountIds: ["1"], securityServices: { guardDuty: false, securityHub: false } }),
    ];
    const problems = checkBootstrap(environments).filter((p) => p.field.endsWith(".state.region"));
    expect(problems).toEqual(
      ["b", "c"].map((name) => ({
        field: `${name}.state.region`,
        value: "us-east-1",
        expected: "us-west-2, where another environment keeps state in bucket state (a bucket lives in one region)",
        fix: `set ${name}.state.region to us-west-2, or name another bucket`,
      })),
    );
  });

  it("rejects environments of one account that allow different accounts, and treats none as none", () => {
    const off = { guardDuty: false, securityHub: false } as const;
    expect(checkBootstrap([inBucket("a", "s"), inBucket("b", "s", "us-west-2", { allowedAccountIds: undefined, securityServices: off })])).toEqual([
      {
        field: "b.allowedAccountIds",
        value: [],
        expected: 'the same accounts as a (["123456789012"]), whose account it shares (same state bucket, or its recovery pair)',
        fix: "give b its own state bucket if it lives in another account",
      },
    ]);
    const a = inBucket("a", "s", "us-west-2", { allowedAccountIds: undefined });
    expect(checkBootstrap([a, inBucket("b", "s", "us-west-2", { allowedAccountIds: [], securityServices: off })])).toEqual([]);
    // Different accounts may allow different account ids.
    expect(checkBootstrap([inBucket("a", "s1"), inBucket("b", "s2", "us-west-2", { allowedAccountIds: ["999"] })])).toEqual([]);
  });

  it("allows GuardDuty and Security Hub once per account and region", () => {
    const problems = checkBootstrap([inBucket("a", "s"), inBucket("b", "s")]);
    expect(problems).toEqual([
      {
        field: "b.securityServices.guardDuty",
        value: true,
        expected: "off: a shares its account and region and already turns GuardDuty threat detection on (AWS allows it once per account and region)",
        fix: "set securityServices: { guardDuty: false } in b, or give b its own account (its own state bucket)",
      },
      {
        field: "b.securityServices.securityHub",
        value: true,
        expected:
          "off: a shares its account and region and already turns Security Hub (AWS Foundational Security Best Practices) on (AWS allows it once per account and region)",
        fix: "set securityServices: { securityHub: false } in b, or give b its own account (its own state bucket)",
      },
    ]);
  });

  it("lets the second environment of an account and region run them when either one turns them off", () => {
    const off = { guardDuty: false, securityHub: false } as const;
    expect(checkBootstrap([inBucket("a", "s"), inBucket("b", "s", "us-west-2", { securityServices: off })])).toEqual([]);
    expect(checkBootstrap([inBucket("a", "s", "us-west-2", { securityServices: off }), inBucket("b", "s")])).toEqual([]);
    expect(checkBootstrap([inBucket("a", "s"), inBucket("b", "s", "us-west-2", { securityServices: { guardDuty: false } })]).map((p) => p.field)).toEqual([
      "b.securityServices.securityHub",
    ]);
  });

  it("lets environments of one account in different regions, or of different accounts, each run them", () => {
    expect(checkBootstrap([inBucket("a", "s1"), inBucket("b", "s2")])).toEqual([]);
    // prod and prod-dr share an account, in two regions.
    expect(checkBootstrap([prod, prodDr])).toEqual([]);
    const a = inBucket("a", "s", "us-west-2");
    const b = inBucket("b", "s", "us-west-2", { region: "us-east-1" } as Partial<EnvironmentConfig>);
    expect(checkBootstrap([a, b])).toEqual([]);
  });
});
