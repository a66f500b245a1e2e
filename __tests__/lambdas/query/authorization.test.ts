// Per-project authorization on every route, against real PostgreSQL and Redis: allowed, denied and missing
// claims, the group-prefix contract, and the cache never handing one caller's page or file to another.
import type { Pool } from "pg";
import { claimValues, grantedProjects } from "../../../lambdas/query/authorization";
import { loadQueryConfig } from "../../../lambdas/shared/config";
import { clearRedisPrefix, createTestSchema, LAMBDA_RUNTIME_ENV, MINIMAL_HANDLER_CONFIG } from "../support/fixtures";

const MINIMAL = { ...LAMBDA_RUNTIME_ENV, ...MINIMAL_HANDLER_CONFIG };
import { requireServices, uniqueName } from "../support/services";
import { call, seedFile, seedResult, startQuery, type QueryUnderTest } from "./harness";

const prefix = uniqueName("qauth");
const schema = prefix;

let db: { pool: Pool; drop: () => Promise<void> };
let query: QueryUnderTest;
let groups: QueryUnderTest;

beforeAll(async () => {
  await requireServices("postgres", "redis");
  db = await createTestSchema(schema);
  query = await startQuery({ schema, prefix });
  groups = await startQuery({ schema, prefix }, {}, { AUTHZ_PROJECTS_CLAIM: "cognito:groups", AUTHZ_PROJECT_PREFIX: "project:" });
});

afterAll(async () => {
  await query?.close();
  await groups?.close();
  await db?.drop();
  await clearRedisPrefix(`${prefix}:`);
});

describe("claim values", () => {
  it("reads arrays, API Gateway's \"[a b]\" rendering of arrays, and space or comma lists", () => {
    expect(claimValues(["a", "b", 3, ""])).toEqual(["a", "b"]);
    expect(claimValues("[alpha beta]")).toEqual(["alpha", "beta"]);
    expect(claimValues("alpha, beta gamma")).toEqual(["alpha", "beta", "gamma"]);
    expect(claimValues(undefined)).toEqual([]);
    expect(claimValues({ alpha: true })).toEqual([]);
  });

  it("keeps only prefixed values when a prefix is set, without the prefix", () => {
    const settings = { projectsClaim: "groups", projectPrefix: "project:" };
    expect([...grantedProjects({ groups: "[admins project:alpha project: project:beta]" }, settings)]).toEqual(["alpha", "beta"]);
    expect([...grantedProjects({ other: ["project:alpha"] }, settings)]).toEqual([]);
  });

  it("takes the claim name and prefix from the environment, refusing malformed ones", () => {
    expect(loadQueryConfig(MINIMAL).authorization).toEqual({ projectsClaim: "projects", projectPrefix: "" });
    expect(() => loadQueryConfig({ ...MINIMAL, AUTHZ_PROJECTS_CLAIM: "has space", AUTHZ_PROJECT_PREFIX: "a,b" })).toThrow(
      /AUTHZ_PROJECTS_CLAIM must be a claim name \(letters, digits, _ : \. - \/\), got "has space".*AUTHZ_PROJECT_PREFIX must be up to 64 characters without spaces or commas, got "a,b"/,
    );
  });
});

describe("GET /projects/{projectId}/files", () => {
  it("answers a caller granted the project", async () => {
    const id = await seedFile(db.pool, "alpha");
    const reply = await call(query, "/projects/alpha/files", { projects: ["alpha", "gamma"] });
    expect(reply.statusCode).toBe(200);
    expect(reply.json.items.map((f: { id: string }) => f.id)).toEqual([id]);
  });

  it("answers 403 to a caller whose token grants other projects, or none", async () => {
    for (const projects of [["beta"], []]) {
      const reply = await call(query, "/projects/alpha/files", { projects });
      expect(reply.statusCode).toBe(403);
      expect(reply.json).toEqual({ error: "forbidden", message: "the token does not grant project alpha" });
    }
  });

  it("answers 401 when no claims reached the function", async () => {
    const reply = await call(query, "/projects/alpha/files", { claims: null });
    expect(reply.statusCode).toBe(401);
    expect(reply.headers["www-authenticate"]).toBe("Bearer");
    expect(reply.json).toEqual({
      error: "unauthorized",
      message: "no verified token claims reached the API: send a JWT from the configured issuer",
    });
  });

  it("never serves a cached page to a caller denied the project", async () => {
    await seedFile(db.pool, "cached-secret");
    const owner = await call(query, "/projects/cached-secret/files", { projects: ["cached-secret"] });
    const again = await call(query, "/projects/cached-secret/files", { projects: ["cached-secret"] });
    expect([owner.headers["x-cache"], again.headers["x-cache"]]).toEqual(["miss", "hit"]);
    const intruder = await call(query, "/projects/cached-secret/files", { projects: ["elsewhere"] });
    expect(intruder.statusCode).toBe(403);
    expect(intruder.body).not.toContain("cached-secret/");
  });

  it("honours a groups claim with a project prefix (API Gateway's string rendering)", async () => {
    await seedFile(db.pool, "grouped");
    const allowed = await call(groups, "/projects/grouped/files", { claims: { "cognito:groups": "[staff project:grouped]" } });
    expect(allowed.statusCode).toBe(200);
    const unprefixed = await call(groups, "/projects/grouped/files", { claims: { "cognito:groups": "[grouped]" } });
    expect(unprefixed.statusCode).toBe(403);
  });
});

describe("GET /files/{fileId}", () => {
  it("answers a caller granted the file's project, and 404 to others, cached or not", async () => {
    const id = await seedFile(db.pool, "filed");
    await seedResult(db.pool, id, "filed");
    const denied = await call(query, `/files/${id}`, { projects: ["other"] });
    const allowed = await call(query, `/files/${id}`, { projects: ["filed"] });
    const deniedFromCache = await call(query, `/files/${id}`, { projects: ["other"] });
    const allowedFromCache = await call(query, `/files/${id}`, { projects: ["filed"] });
    expect([denied.statusCode, allowed.statusCode, deniedFromCache.statusCode, allowedFromCache.statusCode]).toEqual([404, 200, 404, 200]);
    expect(allowedFromCache.headers["x-cache"]).toBe("hit");
    // The same answer as for an id that does not exist: no hint that the file is there.
    expect(deniedFromCache.json).toEqual({ error: "not_found", message: "no file with this id" });
  });

  it("answers 401 when no claims reached the function", async () => {
    const id = await seedFile(db.pool, "filed");
    expect((await call(query, `/files/${id}`, { claims: null })).statusCode).toBe(401);
  });
});

describe("GET /health", () => {
  it("needs no claims (API Gateway runs no authorizer there)", async () => {
    expect((await call(query, "/health", { claims: null })).statusCode).toBe(200);
  });
});
