// A token issuer for running the query API on a developer's machine, and nowhere else: HS256 with a key drawn
// at start and never written down, so a token dies with the process. The deployed API verifies tokens with API
// Gateway's JWT authorizer against the environment's identity provider; nothing under lambdas/ or constructs/
// imports this module (a test checks), so it cannot reach a bundle.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export type Claims = Readonly<Record<string, unknown>> & { readonly sub: string };

export type Verification = { readonly ok: true; readonly claims: Claims } | { readonly ok: false; readonly reason: string };

export interface LocalTokenIssuer {
  readonly issuer: string;
  readonly audience: string;
  /** A signed token carrying `claims` plus iss, aud, iat and exp. */
  issue(claims: Claims, ttlSeconds?: number): string;
  /** What API Gateway's JWT authorizer checks: signature, issuer, audience, expiry. */
  verify(token: string): Verification;
}

const DEFAULT_TTL_SECONDS = 3600;

const base64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

export function createLocalTokenIssuer(options: { issuer: string; audience: string; now?: () => number }): LocalTokenIssuer {
  const key = randomBytes(32);
  const now = () => Math.floor((options.now ?? Date.now)() / 1000);
  const sign = (input: string) => createHmac("sha256", key).update(input).digest();
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));

  return {
    issuer: options.issuer,
    audience: options.audience,
    issue(claims, ttlSeconds = DEFAULT_TTL_SECONDS) {
      const issuedAt = now();
      const payload = { ...claims, iss: options.issuer, aud: options.audience, iat: issuedAt, exp: issuedAt + ttlSeconds };
      const body = `${header}.${base64url(JSON.stringify(payload))}`;
      return `${body}.${base64url(sign(body))}`;
    },
    verify(token) {
      const parts = token.split(".");
      if (parts.length !== 3) return { ok: false, reason: "not a JWT" };
      const [head, payload, signature] = parts as [string, string, string];
      const expected = sign(`${head}.${payload}`);
      const given = Buffer.from(signature, "base64url");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad signature" };
      let claims: Record<string, unknown>;
      try {
        claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      } catch {
        return { ok: false, reason: "payload is not JSON" };
      }
      if (claims.iss !== options.issuer) return { ok: false, reason: "wrong issuer" };
      if (claims.aud !== options.audience) return { ok: false, reason: "wrong audience" };
      if (typeof claims.exp !== "number" || claims.exp <= now()) return { ok: false, reason: "expired" };
      if (typeof claims.sub !== "string" || claims.sub === "") return { ok: false, reason: "no subject" };
      return { ok: true, claims: claims as Claims };
    },
  };
}
