import { strict as assert } from "node:assert";
import {
    AttemptOutcome,
    DEFAULT_RETRY_OPTIONS,
    RetryDecision,
    RetryOptions,
    backoffDelayMs,
    decideRetry,
    isRetriableStatus,
    isThrottleStatus,
    parseRetryAfterMs,
} from "../../../provider/graph/retryPolicy";

/** A whole second, so HTTP dates (second precision) round-trip exactly. */
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const httpDate = (ms: number): string => new Date(ms).toUTCString();

describe("graph/retryPolicy parseRetryAfterMs", () => {
    const cases: Array<{ name: string; value: string | null | undefined; expected: number | undefined }> = [
        { name: "whole seconds", value: "3", expected: 3000 },
        { name: "zero", value: "0", expected: 0 },
        { name: "seconds with spaces around", value: " 7 ", expected: 7000 },
        { name: "decimal seconds", value: "1.5", expected: 1500 },
        { name: "decimal rounds to whole ms", value: "0.0004", expected: 0 },
        { name: "large value", value: "3600", expected: 3_600_000 },
        { name: "HTTP date in the future", value: httpDate(NOW + 120_000), expected: 120_000 },
        { name: "HTTP date in the past", value: httpDate(NOW - 60_000), expected: 0 },
        { name: "HTTP date now", value: httpDate(NOW), expected: 0 },
        // NOW is Wed, 15 Jan 2025 12:00:00 GMT; the obsolete forms RFC 9110 still asks a recipient to read:
        { name: "RFC 850 date", value: "Wednesday, 15-Jan-25 12:00:07 GMT", expected: 7000 },
        { name: "asctime date, which means GMT whatever the machine's zone", value: "Wed Jan 15 12:00:07 2025", expected: 7000 },
        { name: "asctime date with a one-digit day", value: "Sun Feb  2 12:00:00 2025", expected: 18 * 24 * 3_600_000 },
        ...[
            `x${httpDate(NOW + 5000)}`,
            `${httpDate(NOW + 5000)}x`,
            "xWednesday, 15-Jan-25 12:00:07 GMT",
            "Wednesday, 15-Jan-25 12:00:07 GMTx",
            "xWed Jan 15 12:00:07 2025",
            "Wed Jan 15 12:00:07 2025x",
        ].map((value) => ({ name: `a date with more around it: ${JSON.stringify(value)}`, value, expected: undefined })),
        // Each near miss of a format (a field too short or too long, the wrong case, a zone other than
        // GMT): Date.parse reads most of them, so each is refused by the format, not by chance.
        ...[
            "Wed, 5 Jan 2025 12:00:07 GMT",
            "wed, 15 Jan 2025 12:00:07 GMT",
            "WED, 15 Jan 2025 12:00:07 GMT",
            "We, 15 Jan 2025 12:00:07 GMT",
            "Wed, 15 jan 2025 12:00:07 GMT",
            "Wed, 15 JAN 2025 12:00:07 GMT",
            "Wed, 15 Ja 2025 12:00:07 GMT",
            "Wed, 15 Jan 25 12:00:07 GMT",
            "Wed, 15 Jan 2025 2:00:07 GMT",
            "Wed, 15 Jan 2025 12:0:07 GMT",
            "Wed, 15 Jan 2025 12:00:7 GMT",
            "Wed, 15 Jan 2025 12:00:07",
            "Wed, 15 Jan 2025 12:00:07 UTC",
            "Wednesday, 5-Jan-25 12:00:07 GMT",
            "wednesday, 15-Jan-25 12:00:07 GMT",
            "WEDNESDAY, 15-Jan-25 12:00:07 GMT",
            "Wednesday, 15-jan-25 12:00:07 GMT",
            "Wednesday, 15-JAN-25 12:00:07 GMT",
            "Wednesday, 15-Ja-25 12:00:07 GMT",
            "Wednesday, 15-Jan-5 12:00:07 GMT",
            "Wednesday, 15-Jan-2025 12:00:07 GMT",
            "Wednesday, 15-Jan-25 2:00:07 GMT",
            "Wednesday, 15-Jan-25 12:0:07 GMT",
            "Wednesday, 15-Jan-25 12:00:7 GMT",
            "Wednesday, 15-Jan-25 12:00:07 UTC",
            "wed Jan 15 12:00:07 2025",
            "WED Jan 15 12:00:07 2025",
            "We Jan 15 12:00:07 2025",
            "Wed jan 15 12:00:07 2025",
            "Wed JAN 15 12:00:07 2025",
            "Wed Ja 15 12:00:07 2025",
            "Wed Jan 5 12:00:07 2025",
            "Wed Jan x5 12:00:07 2025",
            "Wed Jan 1x 12:00:07 2025",
            "Wed Jan 15 2:00:07 2025",
            "Wed Jan 15 12:0:07 2025",
            "Wed Jan 15 12:00:7 2025",
            "Wed Jan 15 12:00:07 25",
            "Wed Jan 15 12:00:07 2025 GMT",
        ].map((value) => ({ name: `a near miss of an HTTP date: ${JSON.stringify(value)}`, value, expected: undefined })),
        { name: "garbage", value: "soon", expected: undefined },
        { name: "unit suffix", value: "3s", expected: undefined },
        { name: "empty", value: "", expected: undefined },
        { name: "only spaces", value: "   ", expected: undefined },
        { name: "null (header absent)", value: null, expected: undefined },
        { name: "undefined", value: undefined, expected: undefined },
    ];
    for (const c of cases) {
        it(c.name, () => assert.equal(parseRetryAfterMs(c.value, NOW), c.expected));
    }

    it("an asctime date means GMT also on a machine in another zone", () => {
        const zone = process.env.TZ;
        process.env.TZ = "America/New_York"; // Node.js applies a change of TZ at once
        try {
            assert.equal(parseRetryAfterMs("Wed Jan 15 12:00:07 2025", NOW), 7000);
        } finally {
            if (zone === undefined) {
                delete process.env.TZ;
            } else {
                process.env.TZ = zone;
            }
        }
    });

    // V8's Date.parse accepts many non-dates ("-1" is 1 Jan 2001): a malformed Retry-After must fall back to backoff.
    it("malformed values that V8's Date.parse happens to accept are not a Retry-After", () => {
        const parsed = ["-1", "abc 12", "+5", "1 2"].map((value) => ({ value, ms: parseRetryAfterMs(value, NOW) }));
        assert.deepEqual(
            parsed.filter((p) => p.ms !== undefined),
            [],
        );
    });
});

describe("graph/retryPolicy status classes", () => {
    const cases: Array<{ status: number; retriable: boolean; throttle: boolean }> = [
        { status: 400, retriable: false, throttle: false },
        { status: 401, retriable: false, throttle: false },
        { status: 403, retriable: false, throttle: false },
        { status: 404, retriable: false, throttle: false },
        { status: 409, retriable: false, throttle: false },
        { status: 429, retriable: true, throttle: true },
        { status: 500, retriable: true, throttle: false },
        { status: 501, retriable: false, throttle: false },
        { status: 502, retriable: true, throttle: false },
        { status: 503, retriable: true, throttle: true },
        { status: 504, retriable: true, throttle: false },
        { status: 505, retriable: false, throttle: false },
    ];
    for (const c of cases) {
        it(`${c.status}: ${c.retriable ? "retriable" : "not retriable"}${c.throttle ? ", throttle" : ""}`, () => {
            assert.equal(isRetriableStatus(c.status), c.retriable);
            assert.equal(isThrottleStatus(c.status), c.throttle);
        });
    }
});

describe("graph/retryPolicy backoffDelayMs", () => {
    const options: RetryOptions = { maxRetries: 10, baseDelayMs: 500, maxDelayMs: 30_000 };
    const cases: Array<{ retry: number; low: number; high: number }> = [
        { retry: 1, low: 250, high: 500 },
        { retry: 2, low: 500, high: 1000 },
        { retry: 3, low: 1000, high: 2000 },
        { retry: 4, low: 2000, high: 4000 },
        { retry: 7, low: 15_000, high: 30_000 }, // 500 * 64 = 32 000 → capped at 30 000
        { retry: 10, low: 15_000, high: 30_000 },
        { retry: 2000, low: 15_000, high: 30_000 }, // 2 ** 1999 is Infinity: still capped
    ];
    for (const c of cases) {
        it(`retry ${c.retry}: ${c.low} ms with random 0, ${c.high} ms with random 1`, () => {
            assert.equal(
                backoffDelayMs(c.retry, options, () => 0),
                c.low,
            );
            assert.equal(
                backoffDelayMs(c.retry, options, () => 1),
                c.high,
            );
            const mid = backoffDelayMs(c.retry, options, () => 0.5);
            assert.ok(mid > c.low && mid < c.high, `${mid} not between ${c.low} and ${c.high}`);
        });
    }

    it("uses the documented defaults", () => {
        assert.deepEqual(DEFAULT_RETRY_OPTIONS, { maxRetries: 6, baseDelayMs: 500, maxDelayMs: 30_000 });
        assert.equal(
            backoffDelayMs(1, DEFAULT_RETRY_OPTIONS, () => 1),
            500,
        );
    });
});

describe("graph/retryPolicy decideRetry", () => {
    const options: RetryOptions = { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 8000 };
    const response = (status: number, retryAfterMs?: number): AttemptOutcome => ({ kind: "response", status, retryAfterMs });
    const cases: Array<{ name: string; outcome: AttemptOutcome; retriesSoFar: number; budgetMs: number; expected: RetryDecision }> = [
        { name: "400 is not retried", outcome: response(400), retriesSoFar: 0, budgetMs: 60_000, expected: { retry: false, reason: "not-retriable" } },
        {
            name: "404 is not retried even with Retry-After",
            outcome: response(404, 1000),
            retriesSoFar: 0,
            budgetMs: 60_000,
            expected: { retry: false, reason: "not-retriable" },
        },
        { name: "501 is not retried", outcome: response(501), retriesSoFar: 0, budgetMs: 60_000, expected: { retry: false, reason: "not-retriable" } },
        {
            name: "non-retriable wins over exhausted attempts",
            outcome: response(403),
            retriesSoFar: 3,
            budgetMs: 60_000,
            expected: { retry: false, reason: "not-retriable" },
        },
        { name: "attempts exhausted", outcome: response(503), retriesSoFar: 3, budgetMs: 60_000, expected: { retry: false, reason: "attempts" } },
        {
            name: "attempts exhausted on network failures",
            outcome: { kind: "network" },
            retriesSoFar: 5,
            budgetMs: 60_000,
            expected: { retry: false, reason: "attempts" },
        },
        {
            name: "429 Retry-After honoured as given, throttled",
            outcome: response(429, 12_345),
            retriesSoFar: 0,
            budgetMs: 60_000,
            expected: { retry: true, delayMs: 12_345, throttled: true },
        },
        {
            name: "Retry-After above the backoff cap is still honoured",
            outcome: response(429, 45_000),
            retriesSoFar: 2,
            budgetMs: 60_000,
            expected: { retry: true, delayMs: 45_000, throttled: true },
        },
        {
            name: "503 with Retry-After is a throttle",
            outcome: response(503, 2000),
            retriesSoFar: 1,
            budgetMs: 60_000,
            expected: { retry: true, delayMs: 2000, throttled: true },
        },
        {
            name: "500 with Retry-After is honoured but not a throttle",
            outcome: response(500, 2000),
            retriesSoFar: 0,
            budgetMs: 60_000,
            expected: { retry: true, delayMs: 2000, throttled: false },
        },
        {
            name: "429 without Retry-After backs off, not a throttle",
            outcome: response(429),
            retriesSoFar: 0,
            budgetMs: 60_000,
            expected: { retry: true, delayMs: 500, throttled: false },
        },
        {
            name: "Retry-After 0 retries at once",
            outcome: response(429, 0),
            retriesSoFar: 0,
            budgetMs: 60_000,
            expected: { retry: true, delayMs: 0, throttled: true },
        },
        {
            name: "Retry-After larger than the remaining budget → budget",
            outcome: response(429, 90_000),
            retriesSoFar: 0,
            budgetMs: 60_000,
            expected: { retry: false, reason: "budget", delayMs: 90_000, delayFrom: "retryAfter" },
        },
        {
            name: "Retry-After equal to the remaining budget → budget",
            outcome: response(503, 5000),
            retriesSoFar: 0,
            budgetMs: 5000,
            expected: { retry: false, reason: "budget", delayMs: 5000, delayFrom: "retryAfter" },
        },
        {
            name: "backoff larger than the remaining budget → budget",
            outcome: response(502),
            retriesSoFar: 2,
            budgetMs: 1000,
            expected: { retry: false, reason: "budget", delayMs: 2000, delayFrom: "backoff" },
        },
        {
            name: "network failure, backoff larger than the remaining budget → budget, from the backoff",
            outcome: { kind: "network" },
            retriesSoFar: 0,
            budgetMs: 300,
            expected: { retry: false, reason: "budget", delayMs: 500, delayFrom: "backoff" },
        },
        {
            name: "network failure: first backoff",
            outcome: { kind: "network" },
            retriesSoFar: 0,
            budgetMs: 60_000,
            expected: { retry: true, delayMs: 500, throttled: false },
        },
        {
            name: "network failure: backoff doubles",
            outcome: { kind: "network" },
            retriesSoFar: 1,
            budgetMs: 60_000,
            expected: { retry: true, delayMs: 1000, throttled: false },
        },
        {
            name: "timeout: backoff for the third retry",
            outcome: { kind: "timeout" },
            retriesSoFar: 2,
            budgetMs: 60_000,
            expected: { retry: true, delayMs: 2000, throttled: false },
        },
        { name: "504 backs off", outcome: response(504), retriesSoFar: 0, budgetMs: 60_000, expected: { retry: true, delayMs: 500, throttled: false } },
    ];
    for (const c of cases) {
        // random 0: the lowest backoff, half the step
        it(c.name, () =>
            assert.deepEqual(
                decideRetry(c.outcome, c.retriesSoFar, c.budgetMs, options, () => 0),
                c.expected,
            ),
        );
    }

    it("backoff is drawn from the given random source", () => {
        assert.deepEqual(
            decideRetry({ kind: "timeout" }, 0, 60_000, options, () => 1),
            { retry: true, delayMs: 1000, throttled: false },
        );
    });
});
