import { strict as assert } from "node:assert";
import FakeTimers from "@sinonjs/fake-timers";
import { type PipelineResponse, RestError } from "@azure/core-rest-pipeline";
import { DEFAULT_RETRY_OPTIONS, type AttemptOutcome } from "../../../../provider/graph/retryPolicy";
import { attemptOutcome, graphRetryStrategy } from "../../../../provider/graph/retryStrategies/graphRetryStrategy";
import { ThrottleGate } from "../../../../provider/graph/throttleGate";
import { ANSWER_BODY_LOST, REQUEST_TIMED_OUT } from "../../../../provider/graph/transport/crossFetchHttpClient";
import { answerTo, graphRequest } from "../../../support/pipelineRequests";

const NOW = 1_000_000;

describe("provider/graph/retryStrategies/graphRetryStrategy", () => {
    describe("attemptOutcome", () => {
        const { request: get } = graphRequest("GET");
        const { request: patch } = graphRequest("PATCH");
        const lost = (response: PipelineResponse) => new RestError("lost", { code: ANSWER_BODY_LOST, request: response.request, response });
        const cases: Array<{ name: string; response?: PipelineResponse; error?: RestError; outcome: AttemptOutcome }> = [
            { name: "an answer: its status", response: answerTo(get, 503), outcome: { kind: "response", status: 503, retryAfterMs: undefined } },
            {
                name: "an answer with Retry-After: its wait",
                response: answerTo(get, 429, { "Retry-After": "2" }),
                outcome: { kind: "response", status: 429, retryAfterMs: 2000 },
            },
            { name: "no answer in time: timeout", error: new RestError("late", { code: REQUEST_TIMED_OUT, request: get }), outcome: { kind: "timeout" } },
            { name: "a failed connection: network", error: new RestError("refused", { code: "ECONNREFUSED", request: get }), outcome: { kind: "network" } },
            {
                name: "a 2xx GET whose body was lost: network (ask again)",
                response: answerTo(get, 200),
                error: lost(answerTo(get, 200)),
                outcome: { kind: "network" },
            },
            {
                name: "a 2xx PATCH whose body was lost: its status (applied)",
                response: answerTo(patch, 200),
                error: lost(answerTo(patch, 200)),
                outcome: { kind: "response", status: 200, retryAfterMs: undefined },
            },
            ...[401, 300, 199].map((status) => ({
                name: `a ${status} GET whose body was lost (not a 2xx): its status`,
                response: answerTo(get, status),
                error: lost(answerTo(get, status)),
                outcome: { kind: "response" as const, status, retryAfterMs: undefined },
            })),
            {
                name: "a 299 GET whose body was lost: network (the end of 2xx)",
                response: answerTo(get, 299),
                error: lost(answerTo(get, 299)),
                outcome: { kind: "network" },
            },
            {
                name: "a 2xx GET that failed otherwise (not a lost body): its status",
                response: answerTo(get, 200),
                error: new RestError("other", { code: "OTHER", request: get }),
                outcome: { kind: "response", status: 200, retryAfterMs: undefined },
            },
        ];
        for (const c of cases) {
            it(c.name, () => {
                assert.deepEqual(attemptOutcome(c.response, c.error, NOW), c.outcome);
            });
        }
    });

    describe("the strategy", () => {
        let clock: ReturnType<typeof FakeTimers.install>;
        beforeEach(() => {
            clock = FakeTimers.install({ toFake: ["Date"], now: NOW });
        });
        afterEach(() => clock.uninstall());

        const retry = { ...DEFAULT_RETRY_OPTIONS, maxRetries: 2, baseDelayMs: 400, maxDelayMs: 400 };
        const cases: Array<{
            name: string;
            status?: number;
            headers?: Record<string, string>;
            retryCount?: number;
            operationTimeoutMs?: number;
            modifiers: { skipStrategy?: boolean; retryAfterInMs?: number | "backoff" };
            stop?: string;
            gateClosedMs: number;
            waitedMs: number | "backoff";
            retries: number;
        }> = [
            { name: "a success: not retried, nothing recorded", status: 200, modifiers: { skipStrategy: true }, gateClosedMs: 0, waitedMs: 0, retries: 0 },
            { name: "a 400: not retried, no stop recorded", status: 400, modifiers: { skipStrategy: true }, gateClosedMs: 0, waitedMs: 0, retries: 0 },
            {
                name: "a 503 without Retry-After: the strategy's own backoff, slept by the retry policy",
                status: 503,
                modifiers: { retryAfterInMs: "backoff" },
                gateClosedMs: 0,
                waitedMs: "backoff",
                retries: 1,
            },
            {
                name: "a 429 with Retry-After: the tenant's gate closes for it, no sleep here",
                status: 429,
                headers: { "Retry-After": "3" },
                modifiers: { retryAfterInMs: 0 },
                gateClosedMs: 3000,
                waitedMs: 0,
                retries: 1,
            },
            {
                name: "a 500 with Retry-After: slept, the gate stays open (not a throttle window)",
                status: 500,
                headers: { "Retry-After": "1" },
                modifiers: { retryAfterInMs: 1000 },
                gateClosedMs: 0,
                waitedMs: 1000,
                retries: 1,
            },
            {
                name: "the retries spent: stops, recording why",
                status: 503,
                retryCount: 2,
                modifiers: { skipStrategy: true },
                stop: '{"retry":false,"reason":"attempts"}',
                gateClosedMs: 0,
                waitedMs: 0,
                retries: 0,
            },
            {
                name: "a Retry-After past the budget: stops at once, recording the server's wait",
                status: 429,
                headers: { "Retry-After": "600" },
                operationTimeoutMs: 30_000,
                modifiers: { skipStrategy: true },
                stop: '{"retry":false,"reason":"budget","delayMs":600000,"delayFrom":"retryAfter"}',
                gateClosedMs: 0,
                waitedMs: 0,
                retries: 0,
            },
        ];
        for (const c of cases) {
            it(c.name, () => {
                const gate = new ThrottleGate();
                const { request, call } = graphRequest("GET", c.operationTimeoutMs ?? 30_000);
                const modifiers = graphRetryStrategy(retry, gate).retry({
                    retryCount: c.retryCount ?? 0,
                    response: answerTo(request, c.status!, c.headers),
                });
                if (c.modifiers.retryAfterInMs === "backoff") {
                    assert.ok(modifiers.retryAfterInMs! >= 200 && modifiers.retryAfterInMs! <= 400, `backoff ${modifiers.retryAfterInMs}`);
                } else {
                    assert.deepEqual(modifiers, c.modifiers);
                }
                assert.equal(call.stop === undefined ? undefined : JSON.stringify(call.stop), c.stop);
                assert.equal(gate.remainingMs(), c.gateClosedMs);
                assert.equal(call.stats.waitedMs, c.waitedMs === "backoff" ? modifiers.retryAfterInMs : c.waitedMs);
                assert.equal(call.stats.retries, c.retries);
            });
        }

        it("no answer at all: retried with backoff; its stop names the backoff, not the server", () => {
            const { request, call } = graphRequest("GET", 100);
            const strategy = graphRetryStrategy(retry, new ThrottleGate());
            const modifiers = strategy.retry({ retryCount: 0, responseError: new RestError("refused", { code: "ECONNREFUSED", request }) });
            assert.deepEqual(modifiers, { skipStrategy: true });
            assert.deepEqual(call.stop && [call.stop.reason, call.stop.reason === "budget" && call.stop.delayFrom], ["budget", "backoff"]);
        });
    });
});
