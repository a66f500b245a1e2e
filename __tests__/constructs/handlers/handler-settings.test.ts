import { platform, prod as prodEnvironment, prodDr } from "../../../config/environments";
import type { HandlerSettings } from "../../../common/handlers";
import { formatProblems } from "../../../common/problems";
import { checkHandlerSettings } from "../../../config/handlers";
import { checkProject } from "../../../config/validate";
import { isPlaceholderIssuer } from "../../../constructs/handlers/placeholder-issuer";
import { qaEnvironment, withEnvironment } from "../../config/fixtures";

const prod = prodEnvironment.handlers;
/** The problems of the shipped project plus a new environment `qa` whose handlers block is `handlers`. */
const withQa = (handlers: HandlerSettings | undefined) =>
  formatProblems("platform configuration", checkProject(withEnvironment(qaEnvironment({ handlers: handlers as HandlerSettings }))));

/** The settings with one part replaced; the problems found, as "field: expected" lines. */
function problems(change: (s: HandlerSettings) => HandlerSettings): string[] {
  return checkHandlerSettings("prod", change(prod)).map((p) => `${p.field}: ${p.expected}`);
}

describe("shipped handler settings", () => {
  it("are valid for every environment that runs the handlers", () => {
    for (const environment of platform.environments) {
      expect([environment.name, checkHandlerSettings(environment.name, environment.handlers)]).toEqual([environment.name, []]);
    }
  });

  it("ship JWT issuers that are visibly placeholders under example.com, which the API construct warns about", () => {
    for (const { handlers: settings } of platform.environments) {
      expect(new URL(settings.api.jwtIssuer).hostname).toMatch(/(^|\.)example\.com$/);
      expect(isPlaceholderIssuer(settings.api.jwtIssuer)).toBe(true);
    }
  });

  it("give each environment its own issuer and audience, and the DR region prod's", () => {
    const primaries = platform.environments.filter((e) => !e.disasterRecovery);
    expect(new Set(primaries.map((e) => e.handlers.api.jwtIssuer)).size).toBe(primaries.length);
    expect(new Set(primaries.map((e) => JSON.stringify(e.handlers.api.jwtAudience))).size).toBe(primaries.length);
    for (const recovery of platform.environments.filter((e) => e.disasterRecovery)) {
      const primary = platform.environments.find((e) => e.name === recovery.disasterRecovery!.primary)!;
      expect(recovery.handlers).toBe(primary.handlers);
    }
    expect(prodDr.handlers).toBe(prodEnvironment.handlers);
  });

  it("run migrations long and queries within API Gateway's limit", () => {
    for (const { handlers: settings } of platform.environments) {
      expect(settings.functions.migrate.timeoutSeconds).toBe(900);
      expect(settings.functions.query.timeoutSeconds).toBeLessThan(30);
      expect(settings.functions.migrate.reservedConcurrency).toBe(1);
    }
  });
});

describe("an environment's handlers block", () => {
  it("is required, and its absence names the field and the files that show its shape", () => {
    expect(withQa(undefined)).toContain(
      "qa.handlers: got nothing; expected the environment's handler settings (runtime, logLevel, functions, ingestion, api, alarms). Fix: add handlers; the environments in config/environments/ show its shape",
    );
  });

  it("is validated with the rest of the configuration, every problem at once", () => {
    const text = withQa({ ...prod, runtime: "nodejs18.x", logLevel: "trace" } as unknown as HandlerSettings);
    expect(text).toMatch(/^Invalid platform configuration \(2 problems\):/);
    expect(text).toContain('qa.handlers.runtime: got "nodejs18.x"');
    expect(text).toContain('qa.handlers.logLevel: got "trace"');
  });
});

describe("checkHandlerSettings", () => {
  it("fails on an unsupported runtime and log level", () => {
    expect(problems((s) => ({ ...s, runtime: "nodejs18.x" }) as unknown as HandlerSettings)).toEqual(["prod.runtime: one of nodejs22.x, nodejs24.x"]);
    expect(problems((s) => ({ ...s, logLevel: "trace" }) as unknown as HandlerSettings)).toEqual(["prod.logLevel: one of debug, info, warn, error"]);
  });

  it("fails on a missing function", () => {
    const { query: _q, ...rest } = prod.functions;
    expect(problems((s) => ({ ...s, functions: rest }) as unknown as HandlerSettings)).toEqual(["prod.functions.query: settings for every handler"]);
  });

  it("fails on memory, timeouts, concurrency and alarm durations out of range", () => {
    const f = prod.functions;
    expect(
      problems((s) => ({
        ...s,
        functions: {
          ingestion: { ...f.ingestion, memoryMiB: 64, reservedConcurrency: 1 },
          query: { ...f.query, timeoutSeconds: 30 },
          migrate: { ...f.migrate, timeoutSeconds: 901, p99AlarmMs: 0, reservedConcurrency: 0 },
        },
      })),
    ).toEqual([
      "prod.functions.ingestion.memoryMiB: a whole number from 128 to 10240 (Lambda's memory range)",
      "prod.functions.ingestion.reservedConcurrency: a whole number from 2 to 1000 (the SQS event source's minimum of 2 concurrent invocations)",
      "prod.functions.query.timeoutSeconds: a whole number from 1 to 29 (below API Gateway's 30-second integration timeout)",
      "prod.functions.migrate.timeoutSeconds: a whole number from 1 to 900 (Lambda's 15-minute limit)",
      "prod.functions.migrate.reservedConcurrency: a whole number from 1 to 1000 (a concurrency budget)",
      "prod.functions.migrate.p99AlarmMs: a whole number from 1 to 900999 (below the function's timeout: an alarm at the timeout fires only on timeouts)",
    ]);
  });

  it("fails on a p99 alarm at or above the timeout", () => {
    expect(problems((s) => ({ ...s, functions: { ...s.functions, query: { ...s.functions.query, p99AlarmMs: 10_000 } } }))).toEqual([
      "prod.functions.query.p99AlarmMs: a whole number from 1 to 9999 (below the function's timeout: an alarm at the timeout fires only on timeouts)",
    ]);
  });

  it("fails on ingestion batching and retention out of range", () => {
    expect(
      problems((s) => ({ ...s, ingestion: { batchSize: 0, batchingWindowSeconds: 301, queueRetentionDays: 15, deadLetterRetentionDays: 0 } })),
    ).toEqual([
      "prod.ingestion.batchSize: a whole number from 1 to 10000 (the SQS event source's batch range)",
      "prod.ingestion.batchingWindowSeconds: a whole number from 0 to 300 (the event source's batching window range)",
      "prod.ingestion.queueRetentionDays: a whole number from 1 to 14 (SQS retention (1 to 14 days))",
      "prod.ingestion.deadLetterRetentionDays: a whole number from 1 to 14 (SQS retention (1 to 14 days))",
      "prod.ingestion.deadLetterRetentionDays: more than queueRetentionDays (15): a moved message keeps its original age, so it would expire on arrival",
    ]);
  });

  it("fails on a batch above 10 without a batching window", () => {
    expect(problems((s) => ({ ...s, ingestion: { ...s.ingestion, batchSize: 50, batchingWindowSeconds: 0 } }))).toEqual([
      "prod.ingestion.batchingWindowSeconds: at least 1 second when batchSize is above 10 (an SQS event source rule)",
    ]);
  });

  it("fails on a dead-letter queue that keeps messages no longer than the queue", () => {
    expect(problems((s) => ({ ...s, ingestion: { ...s.ingestion, queueRetentionDays: 14, deadLetterRetentionDays: 14 } }))).toEqual([
      "prod.ingestion.deadLetterRetentionDays: more than queueRetentionDays (14): a moved message keeps its original age, so it would expire on arrival",
    ]);
  });

  it.each(["http://auth.example.com/", "auth.example.com", "https://auth.example.com/?tenant=a", "https://user:pw@auth.example.com/", ""])(
    "fails on the JWT issuer %p (not a plain https URL)",
    (jwtIssuer) => {
      expect(problems((s) => ({ ...s, api: { ...s.api, jwtIssuer } }))).toEqual([
        "prod.api.jwtIssuer: an https URL without query or fragment, exactly as the tokens' iss claim",
      ]);
    },
  );

  it.each([[[]], [["two words"]], [[""]]])("fails on the JWT audience %p", (jwtAudience) => {
    expect(problems((s) => ({ ...s, api: { ...s.api, jwtAudience } }))).toEqual(["prod.api.jwtAudience: one or more audience values without whitespace"]);
  });

  it("fails on throttling, cache and client rate limits out of range", () => {
    expect(
      problems((s) => ({
        ...s,
        api: {
          ...s.api,
          throttlingBurstLimit: 0,
          throttlingRateLimit: 0,
          cacheTtlSeconds: 0,
          clientRateLimitRequests: 0,
          clientRateLimitWindowSeconds: 86_401,
        },
      })),
    ).toEqual([
      "prod.api.throttlingBurstLimit: a whole number from 1 to 5000 (a burst within the account's default of 5000)",
      "prod.api.throttlingRateLimit: requests per second above 0, within the account's default of 10000",
      "prod.api.cacheTtlSeconds: a whole number from 1 to 86400 (1 second to 1 day)",
      "prod.api.clientRateLimitRequests: a whole number from 1 to 1000000000 (a positive count)",
      "prod.api.clientRateLimitWindowSeconds: a whole number from 1 to 86400 (1 second to 1 day)",
    ]);
  });

  it("fails on alarm periods CloudWatch does not take and thresholds below 1", () => {
    expect(problems((s) => ({ ...s, alarms: { periodSeconds: 45, evaluationPeriods: 0, errors: 0, throttles: 0.5, api5xx: -1 } }))).toEqual([
      "prod.alarms.periodSeconds: 10, 30 or a multiple of 60 seconds (CloudWatch alarm periods)",
      "prod.alarms.evaluationPeriods: a whole number from 1 to 100 (1 or more periods)",
      "prod.alarms.errors: a whole number from 1 to 1000000 (a count of at least 1)",
      "prod.alarms.throttles: a whole number from 1 to 1000000 (a count of at least 1)",
      "prod.alarms.api5xx: a whole number from 1 to 1000000 (a count of at least 1)",
    ]);
    expect(problems((s) => ({ ...s, alarms: { ...s.alarms, periodSeconds: 10 } }))).toEqual([]);
    expect(problems((s) => ({ ...s, alarms: { ...s.alarms, periodSeconds: 300 } }))).toEqual([]);
  });

  it("says what to do in every message", () => {
    const all = checkHandlerSettings("prod", { ...prod, runtime: "x" as never, api: { ...prod.api, jwtIssuer: "x" } });
    for (const p of all) expect(p.fix.length).toBeGreaterThan(5);
  });
});

describe("the query API's authorization and rate-limit outage settings", () => {
  it("reject an unknown outage mode, a malformed claim name and a prefix with spaces", () => {
    expect(
      problems((s) => ({
        ...s,
        api: { ...s.api, clientRateLimitWhenCacheDown: "maybe", projectsClaim: { claim: "has space", prefix: "project: " } },
      }) as unknown as HandlerSettings),
    ).toEqual([
      "prod.api.clientRateLimitWhenCacheDown: open (count per container while Redis is down) or closed (answer 503)",
      "prod.api.projectsClaim.claim: a claim name (letters, digits, _ : . - /)",
      "prod.api.projectsClaim.prefix: up to 64 characters without spaces or commas",
    ]);
  });
});
