import { drModeFromEnv, recoveryRole } from "../../config/disaster-recovery";
import { dev, platform, prod, prodDr } from "../../config/environments";

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
