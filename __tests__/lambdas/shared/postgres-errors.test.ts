import { DatabaseUnavailableError, isDatabaseUnavailable } from "../../../lambdas/shared/postgres";

const withCode = (code: string, message = "failed") => Object.assign(new Error(message), { code });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["08006", "connection failure"],
    ["28P01", "invalid password: the secret rotated since the password was cached"],
    ["28000", "invalid authorization specification"],
    ["53300", "too many connections"],
    ["57P01", "admin shutdown (a failover)"],
    ["57P03", "cannot connect now (starting up)"],
    ["57014", "statement timeout"],
    ["ECONNREFUSED", "nothing listening"],
    ["ETIMEDOUT", "network timeout"],
  ])("treats %s (%s) as unavailable: 503 or a retried record", (code) => {
    expect(isDatabaseUnavailable(withCode(code))).toBe(true);
  });

  it.each([
    ["42P01", "undefined table: a bug or a missing migration"],
    ["23505", "unique violation"],
    ["22P02", "invalid text representation"],
    ["42501", "insufficient privilege"],
  ])("treats %s (%s) as a failure of the statement, not of the server", (code) => {
    expect(isDatabaseUnavailable(withCode(code))).toBe(false);
  });

  it("recognises pg's uncoded connection errors by message, and the kit's own wrapper", () => {
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(new DatabaseUnavailableError(new Error("x")))).toBe(true);
    expect(isDatabaseUnavailable(new Error("syntax error at or near"))).toBe(false);
    expect(isDatabaseUnavailable("not an error")).toBe(false);
  });
});
