import { platform } from "../../config/environments";
import { selectEnvironments } from "../../config/select";

describe("selectEnvironments", () => {
  const names = (selector: string | undefined) => selectEnvironments(platform.environments, selector).map((e) => e.name);
  const every = platform.environments.map((e) => e.name);

  it("selects every environment by default", () => {
    expect(names(undefined)).toEqual(every);
    expect(names("")).toEqual(every);
  });

  it("selects one or several by name, keeping the configured order", () => {
    expect(names("prod")).toEqual(["prod"]);
    expect(names(" prod-dr , dev ")).toEqual(every.filter((n) => n === "dev" || n === "prod-dr"));
  });

  it("fails on an unknown name, listing the known ones", () => {
    // Upper case: never the name of an environment.
    expect(() => names("prod,QA")).toThrow(
      `PLATFORM_ENV: got "QA"; expected a comma-separated list of environment names (${every.join(", ")})`,
    );
  });
});
