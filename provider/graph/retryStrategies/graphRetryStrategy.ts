import type { PipelineResponse, RestError, RetryStrategy } from "@azure/core-rest-pipeline";
import { callOf } from "../graphCall";
import { AttemptOutcome, RetryOptions, decideRetry, parseRetryAfterMs } from "../retryPolicy";
import type { ThrottleGate } from "../throttleGate";
import { ANSWER_BODY_LOST, REQUEST_TIMED_OUT } from "../transport/crossFetchHttpClient";

/** The name of this strategy, as core-rest-pipeline's retry policy logs it. */
export const graphRetryStrategyName = "graphRetryStrategy";

/**
 * What one attempt produced, as far as retrying is concerned: an answer (its status, and its
 * `Retry-After`), or none (a timeout, or a connection that failed). An answer whose body was lost
 * is decided by its status, except a 2xx GET, which is asked again: it changes nothing, and its
 * body is what it is for. (A 2xx PATCH whose body was lost was applied: not retriable, like any 2xx.)
 */
export function attemptOutcome(response: PipelineResponse | undefined, error: RestError | undefined, nowMs: number): AttemptOutcome {
    if (response === undefined) {
        return { kind: error?.code === REQUEST_TIMED_OUT ? "timeout" : "network" };
    }
    if (error?.code === ANSWER_BODY_LOST && response.status >= 200 && response.status < 300 && response.request.method === "GET") {
        return { kind: "network" };
    }
    return { kind: "response", status: response.status, retryAfterMs: parseRetryAfterMs(response.headers.get("retry-after"), nowMs) };
}

/**
 * The retry decisions of `../retryPolicy.ts` as a strategy of core-rest-pipeline's `retryPolicy`,
 * which runs the loop: retry 429/500/502/503/504, timeouts and failed connections within
 * `retry.maxRetries` and the call's time budget, honouring `Retry-After`.
 *
 * - A throttle window (429 or 503 with `Retry-After`) closes the tenant's gate instead of
 *   sleeping here, so every request waits for it (`../policies/throttleGatePolicy.ts`).
 * - When the decision is to stop (retries spent, or the wait would pass the budget), the call
 *   records why (`GraphCall.stop`, named in the message) and the last answer or error ends it.
 * - A PATCH is retried like a GET: its body holds absolute counter values, never increments, so
 *   sending it again after an answer that was lost (it may have been applied) sets the same values.
 */
export function graphRetryStrategy(options: RetryOptions, gate: ThrottleGate): RetryStrategy {
    return {
        name: graphRetryStrategyName,
        retry({ retryCount, response, responseError }) {
            const call = callOf(response?.request ?? responseError?.request);
            const outcome = attemptOutcome(response, responseError, Date.now());
            const decision = decideRetry(outcome, retryCount, call.remainingMs(), options);
            if (!decision.retry) {
                if (decision.reason !== "not-retriable") {
                    call.stop = decision;
                }
                return { skipStrategy: true };
            }
            call.stats.retries++;
            if (decision.throttled) {
                gate.closeFor(decision.delayMs); // everyone waits for the window, at the gate
                return { retryAfterInMs: 0 };
            }
            call.stats.waitedMs += decision.delayMs;
            return { retryAfterInMs: decision.delayMs };
        },
    };
}
