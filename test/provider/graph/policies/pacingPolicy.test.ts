import { strict as assert } from "node:assert";
import FakeTimers from "@sinonjs/fake-timers";
import { PipelineRequest, PipelineResponse, RestError, createHttpHeaders, createPipelineRequest } from "@azure/core-rest-pipeline";
import { GraphCall, bindCall } from "../../../../provider/graph/graphCall";
import { Pacer, Pacers } from "../../../../provider/graph/pacer";
import { pacingPolicy } from "../../../../provider/graph/policies/pacingPolicy";
import { OperationStats } from "../../../../provider/graph/stats";

/** A request of `method` bound to a call, as the pipeline sends it. */
function request(method: "GET" | "PATCH"): PipelineRequest {
    const r = createPipelineRequest({ url: "http://127.0.0.1:1/beta/x", method });
    bindCall(r, new GraphCall(method, "/x", new OperationStats(), 30_000, r.requestId));
    return r;
}

function answer(r: PipelineRequest, status: number, headers: Record<string, string> = {}): PipelineResponse {
    return { request: r, status, headers: createHttpHeaders(headers) };
}

/** Pacers of one slot per minute each, so what a request did with its slot shows in their state. */
function onePerMinute(): Pacers {
    return { writes: new Pacer(1, 60_000), reads: new Pacer(1, 60_000) };
}

describe("provider/graph/policies/pacingPolicy", () => {
    let clock: ReturnType<typeof FakeTimers.install>;
    beforeEach(() => {
        clock = FakeTimers.install({ toFake: ["setTimeout", "clearTimeout", "Date"], now: 1_000_000 });
    });
    afterEach(() => clock.uninstall());

    for (const [method, used, other] of [
        ["GET", "reads", "writes"],
        ["PATCH", "writes", "reads"],
    ] as const) {
        it(`a ${method} takes a slot of the ${used} pacer, not of the ${other} pacer`, async () => {
            const pacers = onePerMinute();
            const r = request(method);
            await pacingPolicy(pacers).sendRequest(r, async () => answer(r, 200));
            assert.equal(pacers[used].pacing.acceptedInRow, 1);
            assert.equal(pacers[other].pacing.acceptedInRow, 0);
        });
    }

    const outcomes: Array<{
        name: string;
        next: (r: PipelineRequest) => Promise<PipelineResponse>;
        limit: number;
        accepted: number;
        windowMs: number;
        slotBack: boolean;
    }> = [
        {
            name: "an answer other than 429 was accepted: the slot is held",
            next: async (r) => answer(r, 404),
            limit: 1,
            accepted: 1,
            windowMs: 60_000,
            slotBack: false,
        },
        {
            name: "a 429 was refused: the slot goes back, and its Retry-After teaches the window",
            next: async (r) => answer(r, 429, { "Retry-After": "3" }),
            limit: 1,
            accepted: 0,
            windowMs: 3000,
            slotBack: true,
        },
        {
            name: "a 429 thrown with its answer (a body lost) was refused too",
            next: async (r) => {
                throw new RestError("lost", { code: "ANSWER_BODY_LOST", response: answer(r, 429, { "Retry-After": "2" }) });
            },
            limit: 1,
            accepted: 0,
            windowMs: 2000,
            slotBack: true,
        },
        {
            name: "no answer: the slot is held (it may have counted), and it is no evidence of acceptance",
            next: async () => {
                throw new RestError("reset", { code: "ECONNRESET" });
            },
            limit: 1,
            accepted: 0,
            windowMs: 60_000,
            slotBack: false,
        },
    ];
    for (const c of outcomes) {
        it(c.name, async () => {
            const pacers = onePerMinute();
            const r = request("PATCH");
            await pacingPolicy(pacers)
                .sendRequest(r, c.next)
                .catch(() => undefined);
            const { limit, acceptedInRow, windowMs } = pacers.writes.pacing;
            assert.deepEqual({ limit, accepted: acceptedInRow, windowMs }, { limit: c.limit, accepted: c.accepted, windowMs: c.windowMs });
            let granted = false;
            void pacers.writes.acquire().then(() => (granted = true));
            await clock.tickAsync(0);
            assert.equal(granted, c.slotBack, "the next write has a slot at once");
        });
    }
});
