import { strict as assert } from "node:assert";
import FakeTimers from "@sinonjs/fake-timers";
import type { PipelineRequest } from "@azure/core-rest-pipeline";
import { attemptTimeoutPolicy } from "../../../../provider/graph/policies/attemptTimeoutPolicy";
import { answerTo, graphRequest } from "../../../support/pipelineRequests";

describe("provider/graph/policies/attemptTimeoutPolicy", () => {
    let clock: ReturnType<typeof FakeTimers.install>;
    beforeEach(() => {
        clock = FakeTimers.install({ toFake: ["Date"], now: 1_000_000 });
    });
    afterEach(() => clock.uninstall());

    const cases = [
        { name: "the request timeout, when the budget leaves more", requestTimeoutMs: 5_000, elapsedMs: 1_000, timeoutMs: 5_000 },
        { name: "what is left of the budget, when that is less", requestTimeoutMs: 5_000, elapsedMs: 27_000, timeoutMs: 3_000 },
        { name: "at least 1 ms (0 would mean no timeout)", requestTimeoutMs: 5_000, elapsedMs: 31_000, timeoutMs: 1 },
    ];
    for (const c of cases) {
        it(c.name, async () => {
            const { request } = graphRequest("GET", 30_000);
            clock.tick(c.elapsedMs);
            let sentWithMs: number | undefined;
            await attemptTimeoutPolicy(c.requestTimeoutMs).sendRequest(request, async (r: PipelineRequest) => ((sentWithMs = r.timeout), answerTo(r, 200)));
            assert.equal(sentWithMs, c.timeoutMs);
        });
    }
});
