import { strict as assert } from "node:assert";
import FakeTimers from "@sinonjs/fake-timers";
import type { PipelineRequest } from "@azure/core-rest-pipeline";
import { throttleGatePolicy } from "../../../../provider/graph/policies/throttleGatePolicy";
import { ThrottleGate } from "../../../../provider/graph/throttleGate";
import { answerTo, graphRequest } from "../../../support/pipelineRequests";

describe("provider/graph/policies/throttleGatePolicy", () => {
    let clock: ReturnType<typeof FakeTimers.install>;
    beforeEach(() => {
        clock = FakeTimers.install({ toFake: ["setTimeout", "clearTimeout", "Date"], now: 1_000_000 });
    });
    afterEach(() => clock.uninstall());

    const cases = [
        { name: "an open gate: sent at once, nothing waited", closedForMs: 0 },
        { name: "a closed gate: sent when it opens, the wait counted in the operation's statistics", closedForMs: 1500 },
    ];
    for (const c of cases) {
        it(c.name, async () => {
            const gate = new ThrottleGate();
            gate.closeFor(c.closedForMs);
            const { request, call } = graphRequest();
            const sentAtMs: number[] = [];
            const next = async (r: PipelineRequest) => (sentAtMs.push(Date.now() - 1_000_000), answerTo(r, 200));
            const sent = throttleGatePolicy(gate).sendRequest(request, next);
            await clock.tickAsync(c.closedForMs);
            assert.equal((await sent).status, 200);
            assert.deepEqual(sentAtMs, [c.closedForMs]);
            assert.equal(call.stats.waitedMs, c.closedForMs);
        });
    }
});
