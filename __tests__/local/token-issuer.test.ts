import { createLocalTokenIssuer } from "../../local/token-issuer";

const issuerOptions = { issuer: "http://127.0.0.1/local-development-only", audience: "aec-local" };
const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8"));

describe("local token issuer", () => {
  it("issues tokens it verifies, with the claims plus iss, aud, iat and a one-hour exp", () => {
    const issuer = createLocalTokenIssuer({ ...issuerOptions, now: () => 1_000_000_000_000 });
    const token = issuer.issue({ sub: "alice", projects: ["demo"] });
    expect(payloadOf(token)).toEqual({
      sub: "alice",
      projects: ["demo"],
      iss: issuerOptions.issuer,
      aud: "aec-local",
      iat: 1_000_000_000,
      exp: 1_000_003_600,
    });
    expect(issuer.verify(token)).toEqual({ ok: true, claims: payloadOf(token) });
  });

  it("refuses a token signed by another run (each run draws its own key)", () => {
    const token = createLocalTokenIssuer(issuerOptions).issue({ sub: "alice" });
    expect(createLocalTokenIssuer(issuerOptions).verify(token)).toEqual({ ok: false, reason: "bad signature" });
  });

  it("refuses a payload changed after signing", () => {
    const issuer = createLocalTokenIssuer(issuerOptions);
    const [head, , signature] = issuer.issue({ sub: "alice" }).split(".");
    const forged = Buffer.from(JSON.stringify({ ...payloadOf(issuer.issue({ sub: "alice" })), sub: "admin" })).toString("base64url");
    expect(issuer.verify(`${head}.${forged}.${signature}`)).toEqual({ ok: false, reason: "bad signature" });
  });

  it("refuses expired tokens", () => {
    let now = 0;
    const issuer = createLocalTokenIssuer({ ...issuerOptions, now: () => now });
    const token = issuer.issue({ sub: "alice" }, 60);
    now = 59_000;
    expect(issuer.verify(token).ok).toBe(true);
    now = 60_000;
    expect(issuer.verify(token)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses what is not a three-part JWT, and a token without a subject", () => {
    const issuer = createLocalTokenIssuer(issuerOptions);
    expect(issuer.verify("abc")).toEqual({ ok: false, reason: "not a JWT" });
    expect(issuer.verify(issuer.issue({ sub: "" }))).toEqual({ ok: false, reason: "no subject" });
  });
});
