import { checkDisasterRecovery, counterpartOf, drModeFromEnv, recoveryRole } from "../../config/disaster-recovery";
import { dev, platform, prod, prodDr, staging } from "../../config/environments";
import type { DrMode, EnvironmentConfig } from "../../config/types";

describe("recoveryRole", () => {
  it("makes prod the primary of prod-dr, and prod-dr its standby", () => {
    expect(recoveryRole(platform.environments, prod)).toEqual({ kind: "primary", recovery: prodDr });
    expect(recoveryRole(platform.environments, prodDr)).toEqual({ kind: "standby", primary: prod });
    expect(recoveryRole(platform.environments, dev)).toEqual({ kind: "none" });
  });

  it("applies a mode override to the recovery environment only", () => {
    expect(recoveryRole(platform.environments, prodDr, "failover").kind).toBe("failover");
    expect(recoveryRole(platform.environments, prod, "failover").kind).toBe("primary");
  });
});

describe("drModeFromEnv", () => {
  it("keeps the configured mode when unset", () => {
    expect(drModeFromEnv(undefined, platform.environments)).toBeUndefined();
    expect(drModeFromEnv("", platform.environments)).toBeUndefined();
    expect(drModeFromEnv("failover", platform.environments)).toBe("failover");
  });

  it("fails on an unknown mode, naming the variable", () => {
    expect(() => drModeFromEnv("failback", platform.environments)).toThrow(
      'PLATFORM_DR_MODE: got "failback"; expected one of prepare | standby | failover. Fix: unset it to use the configured mode',
    );
  });
});

describe("recoveryRole and counterpartOf", () => {
  it("fails for a recovery environment whose primary is not configured, naming both", () => {
    expect(() => recoveryRole([prodDr], prodDr)).toThrow('prod-dr: its primary "prod" is not configured');
  });

  it("pairs each side with the other", () => {
    expect(counterpartOf(recoveryRole(platform.environments, prod))).toBe(prodDr);
    expect(counterpartOf(recoveryRole(platform.environments, prodDr))).toBe(prod);
    expect(counterpartOf(recoveryRole(platform.environments, dev))).toBeUndefined();
  });
});

describe("checkDisasterRecovery", () => {
  const drOf = (changes: Partial<EnvironmentConfig>): EnvironmentConfig => ({ ...prodDr, ...changes });

  it("accepts the shipped environments", () => {
    expect(checkDisasterRecovery(platform.environments)).toEqual([]);
  });

  it("needs another configured environment as the primary, listing the candidates", () => {
    const orphan = drOf({ disasterRecovery: { primary: "nowhere", mode: "standby" } });
    const self = drOf({ disasterRecovery: { primary: "prod-dr", mode: "standby" } });
    const expected = (value: string) => ({
      field: "prod-dr.disasterRecovery.primary",
      value,
      expected: "the name of another configured environment (dev, staging, prod)",
      fix: "name the environment this one stands in for, or remove disasterRecovery",
    });
    expect(checkDisasterRecovery([dev, staging, prod, orphan])).toEqual([expected("nowhere")]);
    expect(checkDisasterRecovery([dev, staging, prod, self])).toEqual([expected("prod-dr")]);
  });

  it("needs the recovery environment and its state outside the primary's region", () => {
    const sameRegion = drOf({ region: "us-west-2" });
    expect(checkDisasterRecovery([prod, sameRegion])).toEqual([
      {
        field: "prod-dr.region",
        value: "us-west-2",
        expected: "a region other than prod's (us-west-2): a recovery environment must survive the loss of the primary region",
        fix: "move prod-dr to another region, e.g. us-east-1",
      },
    ]);
    const sameStateRegion = drOf({ state: { bucket: "dr-state", region: "us-west-2" } });
    expect(checkDisasterRecovery([prod, sameStateRegion])).toEqual([
      {
        field: "prod-dr.state.region",
        value: "us-west-2",
        expected: "a state bucket outside prod's state region (us-west-2), so failing over never needs it",
        fix: "keep prod-dr's Terraform state in a bucket in us-east-1",
      },
    ]);
  });

  it("refuses a chain of recovery environments", () => {
    const second = drOf({ name: "prod-dr2", region: "eu-west-1", state: { bucket: "s", region: "eu-west-1" }, disasterRecovery: { primary: "prod-dr", mode: "standby" } });
    expect(checkDisasterRecovery([prod, prodDr, second])).toEqual([
      {
        field: "prod-dr2.disasterRecovery.primary",
        value: "prod-dr",
        expected: "an environment that is not itself a recovery environment",
        fix: "point prod-dr2 at the primary that prod-dr stands in for",
      },
    ]);
  });

  it("allows one recovery environment per primary, reporting the later ones", () => {
    const twin = drOf({ name: "prod-dr2" });
    const problems = checkDisasterRecovery([prod, prodDr, twin]);
    expect(problems).toEqual([
      {
        field: "prod-dr2.disasterRecovery.primary",
        value: "prod",
        expected: "one recovery environment per primary (prod-dr and prod-dr2 both stand in for prod)",
        fix: "remove one of them",
      },
    ]);
  });

  it("names the modes when the configured one is unknown", () => {
    const odd = drOf({ disasterRecovery: { primary: "prod", mode: "failback" as DrMode } });
    expect(checkDisasterRecovery([prod, odd])).toEqual([
      {
        field: "prod-dr.disasterRecovery.mode",
        value: "failback",
        expected: "one of prepare | standby | failover",
        fix: 'use "standby" normally, "prepare" for the first deploy into a fresh account, and "failover" to rebuild the platform in this region',
      },
    ]);
  });
});

describe("drModeFromEnv without a recovery environment", () => {
  it("refuses a mode when no environment can take it", () => {
    expect(() => drModeFromEnv("failover", [dev, staging])).toThrow(
      'PLATFORM_DR_MODE: got "failover"; expected an environment with disasterRecovery (e.g. prod-dr) in the configuration. Fix: add the recovery environment under config/environments/ before asking for a DR mode',
    );
  });

  it("accepts each mode", () => {
    for (const mode of ["prepare", "standby", "failover"]) expect(drModeFromEnv(mode, platform.environments)).toBe(mode);
  });
});
