// Validation of an environment's Lambda handler settings (functions, ingestion queue, HTTP API, alarms); each
// environment's values live in its own file under config/environments/. Pure: no cdktf.
// The settings' shapes are the handler constructs' own, shared through common/handlers.ts.

import {
  HANDLER_LOG_LEVELS,
  HANDLER_NAMES,
  LAMBDA_RUNTIMES,
  type AlarmSettings,
  type ApiSettings,
  type FunctionSettings,
  type HandlerName,
  type HandlerSettings,
  type IngestionSettings,
} from "../common/handlers";
import type { Problem } from "../common/problems";
import { AUTHZ_CLAIM_NAME, AUTHZ_PROJECT_PREFIX, RATE_LIMIT_OUTAGE_MODES } from "../lambdas/shared/env";
import { checkSection } from "./section";

export function checkHandlerSettings(path: string, s: HandlerSettings): Problem[] {
  const problems: Problem[] = [];
  if (!(LAMBDA_RUNTIMES as readonly string[]).includes(s.runtime)) {
    problems.push({ field: `${path}.runtime`, value: s.runtime, expected: `one of ${LAMBDA_RUNTIMES.join(", ")}`, fix: "use nodejs22.x" });
  }
  if (!(HANDLER_LOG_LEVELS as readonly string[]).includes(s.logLevel)) {
    problems.push({ field: `${path}.logLevel`, value: s.logLevel, expected: `one of ${HANDLER_LOG_LEVELS.join(", ")}`, fix: 'use "info"' });
  }
  problems.push(
    ...checkSection(`${path}.functions`, s.functions, `settings for every handler (${HANDLER_NAMES.join(", ")})`, (functions) =>
      HANDLER_NAMES.flatMap((name) => checkFunction(`${path}.functions.${name}`, name, functions[name])),
    ),
    ...checkSection(`${path}.ingestion`, s.ingestion, "the ingestion queue's batching and retention", (i) => checkIngestion(`${path}.ingestion`, i)),
    ...checkSection(`${path}.api`, s.api, "the query API's JWT issuer, audience, throttling and limits", (a) => checkApi(`${path}.api`, a)),
    ...checkSection(`${path}.alarms`, s.alarms, "the handler alarms' period and thresholds", (a) => checkAlarms(`${path}.alarms`, a)),
  );
  return problems;
}

/** API Gateway gives up on an HTTP API integration after 30 seconds. */
const API_INTEGRATION_TIMEOUT_SECONDS = 30;

function checkFunction(path: string, name: HandlerName, f: FunctionSettings | undefined): Problem[] {
  if (!f) return [{ field: path, value: undefined, expected: "settings for every handler", fix: `add functions.${name}` }];
  const maxTimeout = name === "query" ? API_INTEGRATION_TIMEOUT_SECONDS - 1 : 900;
  const timeoutReason = name === "query" ? "below API Gateway's 30-second integration timeout" : "Lambda's 15-minute limit";
  // The SQS event source needs room for at least two concurrent pollers.
  const minConcurrency = name === "ingestion" ? 2 : 1;
  return [
    ...integerIn(`${path}.memoryMiB`, f.memoryMiB, 128, 10_240, "Lambda's memory range", "use 512 or more for the handlers"),
    ...integerIn(`${path}.timeoutSeconds`, f.timeoutSeconds, 1, maxTimeout, timeoutReason, "shorten it; long work belongs in the queue"),
    ...integerIn(
      `${path}.reservedConcurrency`,
      f.reservedConcurrency,
      minConcurrency,
      1000,
      name === "ingestion" ? "the SQS event source's minimum of 2 concurrent invocations" : "a concurrency budget",
      "size it to what the database can serve: each instance holds up to 2 connections",
    ),
    ...integerIn(
      `${path}.p99AlarmMs`,
      f.p99AlarmMs,
      1,
      Number.isInteger(f.timeoutSeconds) ? f.timeoutSeconds * 1000 - 1 : Number.MAX_SAFE_INTEGER,
      "below the function's timeout: an alarm at the timeout fires only on timeouts",
      "set it to the p99 you would page for, e.g. half the timeout",
    ),
  ];
}

function checkIngestion(path: string, i: IngestionSettings): Problem[] {
  const problems = [
    ...integerIn(`${path}.batchSize`, i.batchSize, 1, 10_000, "the SQS event source's batch range", "use 10"),
    ...integerIn(`${path}.batchingWindowSeconds`, i.batchingWindowSeconds, 0, 300, "the event source's batching window range", "use 5"),
    ...integerIn(`${path}.queueRetentionDays`, i.queueRetentionDays, 1, 14, "SQS retention (1 to 14 days)", "use 4"),
    ...integerIn(`${path}.deadLetterRetentionDays`, i.deadLetterRetentionDays, 1, 14, "SQS retention (1 to 14 days)", "use 14"),
  ];
  if (i.batchSize > 10 && i.batchingWindowSeconds < 1) {
    problems.push({
      field: `${path}.batchingWindowSeconds`,
      value: i.batchingWindowSeconds,
      expected: "at least 1 second when batchSize is above 10 (an SQS event source rule)",
      fix: "set a batching window, or a batchSize of 10 or less",
    });
  }
  if (i.deadLetterRetentionDays <= i.queueRetentionDays) {
    problems.push({
      field: `${path}.deadLetterRetentionDays`,
      value: i.deadLetterRetentionDays,
      // A standard queue's dead-letter queue keeps each message's original enqueue time.
      expected: `more than queueRetentionDays (${i.queueRetentionDays}): a moved message keeps its original age, so it would expire on arrival`,
      fix: "use 14, the SQS maximum",
    });
  }
  return problems;
}

function checkApi(path: string, a: ApiSettings): Problem[] {
  const problems: Problem[] = [];
  if (!isHttpsUrl(a.jwtIssuer)) {
    problems.push({
      field: `${path}.jwtIssuer`,
      value: a.jwtIssuer,
      expected: "an https URL without query or fragment, exactly as the tokens' iss claim",
      fix: "copy the issuer from your identity provider's /.well-known/openid-configuration",
    });
  }
  if (!Array.isArray(a.jwtAudience) || a.jwtAudience.length === 0 || a.jwtAudience.some((aud) => !/^\S{1,256}$/.test(aud))) {
    problems.push({
      field: `${path}.jwtAudience`,
      value: a.jwtAudience,
      expected: "one or more audience values without whitespace",
      fix: "use the API's audience or the app client id your identity provider puts in tokens",
    });
  }
  problems.push(
    ...integerIn(`${path}.throttlingBurstLimit`, a.throttlingBurstLimit, 1, 5000, "a burst within the account's default of 5000", "use 200"),
  );
  if (typeof a.throttlingRateLimit !== "number" || !(a.throttlingRateLimit > 0) || a.throttlingRateLimit > 10_000) {
    problems.push({
      field: `${path}.throttlingRateLimit`,
      value: a.throttlingRateLimit,
      expected: "requests per second above 0, within the account's default of 10000",
      fix: "use 100",
    });
  }
  problems.push(
    ...integerIn(`${path}.cacheTtlSeconds`, a.cacheTtlSeconds, 1, 86_400, "1 second to 1 day", "use 60"),
    ...integerIn(`${path}.clientRateLimitRequests`, a.clientRateLimitRequests, 1, 1_000_000_000, "a positive count", "use 100"),
    ...integerIn(`${path}.clientRateLimitWindowSeconds`, a.clientRateLimitWindowSeconds, 1, 86_400, "1 second to 1 day", "use 60"),
  );
  if (a.clientRateLimitWhenCacheDown !== undefined && !(RATE_LIMIT_OUTAGE_MODES as readonly string[]).includes(a.clientRateLimitWhenCacheDown)) {
    problems.push({
      field: `${path}.clientRateLimitWhenCacheDown`,
      value: a.clientRateLimitWhenCacheDown,
      expected: "open (count per container while Redis is down) or closed (answer 503)",
      fix: "use open, or leave it out",
    });
  }
  // The same rules the query handler applies at cold start, so a bad claim fails the synth, not the first request.
  if (a.projectsClaim !== undefined) {
    if (typeof a.projectsClaim.claim !== "string" || !AUTHZ_CLAIM_NAME.test(a.projectsClaim.claim)) {
      problems.push({
        field: `${path}.projectsClaim.claim`,
        value: a.projectsClaim.claim,
        expected: "a claim name (letters, digits, _ : . - /)",
        fix: "use the claim your identity provider puts the caller's projects or groups in, e.g. cognito:groups",
      });
    }
    // Left out rather than empty: an empty prefix in the settings is a mistake, not "no prefix".
    const prefix = a.projectsClaim.prefix;
    if (prefix !== undefined && (prefix === "" || !AUTHZ_PROJECT_PREFIX.test(prefix))) {
      problems.push({
        field: `${path}.projectsClaim.prefix`,
        value: a.projectsClaim.prefix,
        expected: "up to 64 characters without spaces or commas",
        fix: "use e.g. project: (groups named project:<id>), or leave it out",
      });
    }
  }
  return problems;
}

function checkAlarms(path: string, a: AlarmSettings): Problem[] {
  const problems: Problem[] = [];
  if (![10, 30].includes(a.periodSeconds) && !(Number.isInteger(a.periodSeconds) && a.periodSeconds >= 60 && a.periodSeconds % 60 === 0)) {
    problems.push({
      field: `${path}.periodSeconds`,
      value: a.periodSeconds,
      expected: "10, 30 or a multiple of 60 seconds (CloudWatch alarm periods)",
      fix: "use 60",
    });
  }
  problems.push(
    ...integerIn(`${path}.evaluationPeriods`, a.evaluationPeriods, 1, 100, "1 or more periods", "use 1 to page on the first bad period"),
    ...integerIn(`${path}.errors`, a.errors, 1, 1_000_000, "a count of at least 1", "use 1"),
    ...integerIn(`${path}.throttles`, a.throttles, 1, 1_000_000, "a count of at least 1", "use 1"),
    ...integerIn(`${path}.api5xx`, a.api5xx, 1, 1_000_000, "a count of at least 1", "use 5"),
  );
  return problems;
}

function integerIn(field: string, value: number, min: number, max: number, what: string, fix: string): Problem[] {
  if (Number.isInteger(value) && value >= min && value <= max) return [];
  return [{ field, value, expected: `a whole number from ${min} to ${max} (${what})`, fix }];
}

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname !== "" && !url.search && !url.hash && !url.username && !url.password;
  } catch {
    return false;
  }
}
