import { platform } from "../../config/environments";
import { selectEnvironments } from "../../config/select";

describe("selectEnvironments", () => {
  const names = (selector: string | undefined) => selectEnvironments(platform.environments, selector).map((e) => e.name);

  it("selects every environment by default", () => {
    expect(names(undefined)).toEqual(["dev", "staging", "prod", "prod-dr"]);
    expect(names("")).toEqual(["dev", "staging", "prod", "prod-dr"]);
  });

  it("selects one or several by name, keeping the configured order", () => {
    expect(names("prod")).toEqual(["prod"]);
    expect(names(" prod-dr , dev ")).toEqual(["dev", "prod-dr"]);
  });

  it("fails on an unknown name, listing the known ones", () => {
    expect(() => names("prod,qa")).toThrow(
      'PLATFORM_ENV: got "qa"; expected a comma-separated list of environment names (dev, staging, prod, prod-dr)',
    );
  });
});
