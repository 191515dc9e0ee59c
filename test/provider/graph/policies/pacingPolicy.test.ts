import { strict as assert } from "node:assert";
import FakeTimers from "@sinonjs/fake-timers";
import { type PipelineRequest, type PipelineResponse, RestError } from "@azure/core-rest-pipeline";
import { Pacer, Pacers } from "../../../../provider/graph/pacer";
import { pacingPolicy } from "../../../../provider/graph/policies/pacingPolicy";
import { answerTo, graphRequest } from "../../../support/pipelineRequests";

const WINDOW_MS = 1000;

function request(method: "GET" | "PATCH"): PipelineRequest {
    return graphRequest(method).request;
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

    for (const method of ["GET", "PATCH"] as const) {
        for (const first of ["answers", "fails"] as const) {
            it(`a ${method} waits for a slot of its pacer, given back one window after the previous one ${first}; the wait is counted in the call and the operation, not in the budget`, async () => {
                const pacers = { writes: new Pacer(1, WINDOW_MS), reads: new Pacer(1, WINDOW_MS) };
                const policy = pacingPolicy(pacers);
                const sentAtMs: number[] = [];
                const next = async (r: PipelineRequest): Promise<PipelineResponse> => {
                    sentAtMs.push(Date.now() - 1_000_000);
                    if (first === "fails" && sentAtMs.length === 1) {
                        throw new Error("connection reset");
                    }
                    return answerTo(r, 204);
                };
                const [one, two] = [graphRequest(method), graphRequest(method)];
                const sends = [policy.sendRequest(one.request, next).catch(() => undefined), policy.sendRequest(two.request, next)];
                await clock.tickAsync(WINDOW_MS);
                await Promise.all(sends);
                assert.deepEqual(sentAtMs, [0, WINDOW_MS]);
                assert.deepEqual(
                    [one.call, two.call].map((c) => [c.pacedMs, c.stats.pacedMs]),
                    [
                        [0, 0],
                        [WINDOW_MS, WINDOW_MS],
                    ],
                );
                assert.equal(two.call.remainingMs(), 30_000, "time queued by the pacer is not part of the budget");
            });
        }
    }

    for (const [method, used, other] of [
        ["GET", "reads", "writes"],
        ["PATCH", "writes", "reads"],
    ] as const) {
        it(`a ${method} takes a slot of the ${used} pacer, not of the ${other} pacer`, async () => {
            const pacers = onePerMinute();
            const r = request(method);
            await pacingPolicy(pacers).sendRequest(r, async () => answerTo(r, 200));
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
            next: async (r) => answerTo(r, 404),
            limit: 1,
            accepted: 1,
            windowMs: 60_000,
            slotBack: false,
        },
        {
            name: "a 429 was refused: the slot goes back, and its Retry-After teaches the window",
            next: async (r) => answerTo(r, 429, { "Retry-After": "3" }),
            limit: 1,
            accepted: 0,
            windowMs: 3000,
            slotBack: true,
        },
        {
            name: "a 429 thrown with its answer (a body lost) was refused too",
            next: async (r) => {
                throw new RestError("lost", { code: "ANSWER_BODY_LOST", response: answerTo(r, 429, { "Retry-After": "2" }) });
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
