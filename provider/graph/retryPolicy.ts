/**
 * When to retry a Graph request and how long to wait first. Pure decisions: no timers, no I/O, so
 * every rule is a table-driven test.
 *
 * Retrying a PATCH is safe: the body holds absolute counter values, never increments, so a PATCH
 * that landed but whose answer was lost sets the same values again when retried.
 */

/** Bounds of the retry loop. */
export interface RetryOptions {
    /** Retries after the first attempt (so at most `maxRetries + 1` requests). Default 6. */
    maxRetries: number;
    /** First backoff step when the server gives no `Retry-After`. Default 500 ms. */
    baseDelayMs: number;
    /** Longest single backoff without `Retry-After`. Default 30 s. */
    maxDelayMs: number;
}

/** The defaults of {@link RetryOptions}; `maxRetries` is overridden by `intune:maxRetries`. */
export const DEFAULT_RETRY_OPTIONS: RetryOptions = { maxRetries: 6, baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * Statuses worth another attempt: throttling (429), and transient server-side failures
 * (500, 502, 503, 504), which Graph's gateways return under load. Every other 4xx means the
 * request itself is wrong and would fail again.
 */
const RETRIABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Statuses whose `Retry-After` is a throttle window for the whole tenant, not only this request. */
const THROTTLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** What one attempt produced, as far as retrying is concerned. */
export type AttemptOutcome = { kind: "response"; status: number; retryAfterMs?: number } | { kind: "network" } | { kind: "timeout" };

/**
 * The decision after one attempt: retry after `delayMs` (`throttled`: the delay is a server's
 * throttle window for the whole tenant), or stop, saying why: the answer is not retriable, the
 * retries are spent, or the wait would pass the operation's time budget. For the last, `delayFrom`
 * says whose wait it was: the server's `Retry-After`, or this policy's own backoff (messages must
 * not claim that Graph asked to wait when no answer came, or one without `Retry-After`).
 */
export type RetryDecision =
    | { retry: true; delayMs: number; throttled: boolean }
    | { retry: false; reason: "not-retriable" }
    | { retry: false; reason: "attempts" }
    | { retry: false; reason: "budget"; delayMs: number; delayFrom: "retryAfter" | "backoff" };

/** The HTTP-date formats of RFC 9110, each with the zone Date.parse needs: asctime has none and means GMT. */
const HTTP_DATE: ReadonlyArray<{ pattern: RegExp; zone: string }> = [
    { pattern: /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/, zone: "" }, // Sun, 06 Nov 1994 08:49:37 GMT
    { pattern: /^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/, zone: "" }, // Sunday, 06-Nov-94 08:49:37 GMT
    { pattern: /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/, zone: " GMT" }, // Sun Nov  6 08:49:37 1994
];

/**
 * Parses a `Retry-After` header: delta-seconds (`"3"`, `"1.5"`) or an HTTP date. Returns the wait
 * in milliseconds (0 for a date in the past), or undefined when absent or unparseable.
 */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
    const text = value?.trim();
    if (!text) {
        return undefined;
    }
    if (/^\d+(\.\d+)?$/.test(text)) {
        return Math.round(Number(text) * 1000);
    }
    // Only the HTTP-date formats of RFC 9110 (IMF-fixdate, RFC 850, asctime): Date.parse alone
    // would read "-1" or "+5" as years and turn a malformed header into "retry now".
    const format = HTTP_DATE.find(({ pattern }) => pattern.test(text));
    if (!format) {
        return undefined;
    }
    const dateMs = Date.parse(text + format.zone);
    return Number.isNaN(dateMs) ? undefined : Math.max(0, dateMs - nowMs);
}

/** True for statuses that Graph answers under throttling or transient failure. */
export function isRetriableStatus(status: number): boolean {
    return RETRIABLE_STATUSES.has(status);
}

/** True when a `Retry-After` on this status should hold back every request to the tenant. */
export function isThrottleStatus(status: number): boolean {
    return THROTTLE_STATUSES.has(status);
}

/**
 * Exponential backoff with jitter for retry number `retry` (1 for the first retry): the step
 * doubles from `baseDelayMs`, is capped at `maxDelayMs`, and the wait is drawn uniformly from the
 * upper half of the step, so concurrent clients spread out while each still waits.
 */
export function backoffDelayMs(retry: number, options: RetryOptions, random: () => number = Math.random): number {
    const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
    return Math.round(step / 2 + random() * (step / 2));
}

/**
 * Decides whether to retry after `outcome`, given how many retries were already made and how much
 * of the operation's time budget is left. A server's `Retry-After` is honoured as given; when it
 * is longer than the remaining budget the answer is to stop now (reason `budget`) rather than
 * sleep past the deadline.
 */
export function decideRetry(
    outcome: AttemptOutcome,
    retriesSoFar: number,
    remainingBudgetMs: number,
    options: RetryOptions,
    random: () => number = Math.random,
): RetryDecision {
    if (outcome.kind === "response" && !isRetriableStatus(outcome.status)) {
        return { retry: false, reason: "not-retriable" };
    }
    if (retriesSoFar >= options.maxRetries) {
        return { retry: false, reason: "attempts" };
    }
    const serverDelayMs = outcome.kind === "response" ? outcome.retryAfterMs : undefined;
    const delayMs = serverDelayMs ?? backoffDelayMs(retriesSoFar + 1, options, random);
    if (delayMs >= remainingBudgetMs) {
        return { retry: false, reason: "budget", delayMs, delayFrom: serverDelayMs === undefined ? "backoff" : "retryAfter" };
    }
    const throttled = outcome.kind === "response" && serverDelayMs !== undefined && isThrottleStatus(outcome.status);
    return { retry: true, delayMs, throttled };
}
