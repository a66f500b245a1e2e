import { clientIdentity, parseHttpEvent, RequestError, routeRequest } from "../../../lambdas/query/request";
import { httpEvent } from "./harness";

const valid = httpEvent("/projects/p1/files", { query: { limit: "5" }, sub: "user-1", stage: "v1" });

function withContext(patch: Record<string, unknown>): unknown {
  return { ...valid, requestContext: { ...valid.requestContext, ...patch } };
}

describe("parseHttpEvent", () => {
  it("reads the path, stage, method, source address, query, JWT subject and claims", () => {
    expect(parseHttpEvent(valid)).toEqual({
      rawPath: "/projects/p1/files",
      stage: "v1",
      method: "GET",
      sourceIp: "198.51.100.7",
      query: { limit: "5" },
      subject: "user-1",
      claims: { sub: "user-1", projects: ["p1"] },
    });
  });

  it("treats a missing query string as no parameters and a missing authorizer as anonymous", () => {
    const parsed = parseHttpEvent(httpEvent("/health"));
    expect(parsed.query).toEqual({});
    expect(parsed.subject).toBeUndefined();
    expect(parsed.claims).toBeUndefined();
    expect(clientIdentity(parsed)).toBe("ip:198.51.100.7");
  });

  it("counts an authenticated caller by subject, and ignores an empty or non-string subject", () => {
    expect(clientIdentity(parseHttpEvent(valid))).toBe("sub:user-1");
    for (const sub of ["", 42, null, { id: "x" }]) {
      const event = withContext({ authorizer: { jwt: { claims: { sub } } } });
      expect(clientIdentity(parseHttpEvent(event))).toBe("ip:198.51.100.7");
    }
  });

  it.each([
    ["null", null],
    ["a string", "GET /health"],
    ["an array", [valid]],
    ["no rawPath", { ...valid, rawPath: undefined }],
    ["a numeric rawPath", { ...valid, rawPath: 7 }],
    ["no requestContext", { ...valid, requestContext: undefined }],
    ["no http block", withContext({ http: undefined })],
    ["a missing method", withContext({ http: { sourceIp: "198.51.100.7" } })],
    ["a missing source address", withContext({ http: { method: "GET" } })],
    ["a numeric stage", withContext({ stage: 1 })],
    ["query parameters that are not strings", { ...valid, queryStringParameters: { limit: 5 } }],
    ["query parameters as an array", { ...valid, queryStringParameters: ["limit=5"] }],
  ])("refuses %s with a 400", (_what, event) => {
    let caught: unknown;
    try {
      parseHttpEvent(event);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RequestError);
    expect(caught).toMatchObject({ status: 400, message: "request is not an HTTP API (payload 2.0) event" });
  });
});

describe("routeRequest", () => {
  it("decodes percent-encoded segments and leaves plain ones as they are", () => {
    expect(routeRequest(parseHttpEvent(httpEvent("/projects/p%2D1/files")))).toMatchObject({ name: "list-files", projectId: "p-1" });
    expect(routeRequest(parseHttpEvent(httpEvent("/v1/projects/p_1/files", { stage: "v1" })))).toMatchObject({ projectId: "p_1", limit: 20 });
  });
});
