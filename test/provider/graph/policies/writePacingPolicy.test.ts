import { strict as assert } from "node:assert";
import FakeTimers from "@sinonjs/fake-timers";
import type { PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";
import { writePacingPolicy } from "../../../../provider/graph/policies/writePacingPolicy";
import { WritePacer } from "../../../../provider/graph/writePacer";
import { answerTo, graphRequest } from "../../../support/pipelineRequests";

const WINDOW_MS = 1000;

describe("provider/graph/policies/writePacingPolicy", () => {
    let clock: ReturnType<typeof FakeTimers.install>;
    beforeEach(() => {
        clock = FakeTimers.install({ toFake: ["setTimeout", "clearTimeout", "Date"], now: 1_000_000 });
    });
    afterEach(() => clock.uninstall());

    /** Sends `method` twice through a pacer of one write per window (the first answered ok, or failing); returns when each was sent. */
    async function twice(method: "GET" | "PATCH", first: "answers" | "fails") {
        const policy = writePacingPolicy(new WritePacer(1, WINDOW_MS));
        const sentAtMs: number[] = [];
        const next = async (r: PipelineRequest): Promise<PipelineResponse> => {
            sentAtMs.push(Date.now() - 1_000_000);
            if (first === "fails" && sentAtMs.length === 1) {
                throw new Error("connection reset");
            }
            return answerTo(r, 204);
        };
        const one = graphRequest(method);
        const two = graphRequest(method);
        const sends = [policy.sendRequest(one.request, next).catch(() => undefined), policy.sendRequest(two.request, next)];
        await clock.tickAsync(WINDOW_MS);
        await Promise.all(sends);
        return { sentAtMs, calls: [one.call, two.call] };
    }

    it("a GET is not paced", async () => {
        const { sentAtMs, calls } = await twice("GET", "answers");
        assert.deepEqual(sentAtMs, [0, 0]);
        assert.deepEqual(
            calls.map((c) => [c.pacedMs, c.stats.pacedMs]),
            [
                [0, 0],
                [0, 0],
            ],
        );
    });

    for (const first of ["answers", "fails"] as const) {
        it(`a PATCH waits for a slot of the pacer, given back one window after the previous write ${first}; the wait is counted in the call and the operation`, async () => {
            const { sentAtMs, calls } = await twice("PATCH", first);
            assert.deepEqual(sentAtMs, [0, WINDOW_MS]);
            assert.deepEqual(
                calls.map((c) => [c.pacedMs, c.stats.pacedMs]),
                [
                    [0, 0],
                    [WINDOW_MS, WINDOW_MS],
                ],
            );
            assert.equal(calls[1].remainingMs(), 30_000, "time queued by the pacer is not part of the budget");
        });
    }
});
