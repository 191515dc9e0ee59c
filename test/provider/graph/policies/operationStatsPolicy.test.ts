import { strict as assert } from "node:assert";
import { type PipelineRequest, RestError } from "@azure/core-rest-pipeline";
import { operationStatsPolicy } from "../../../../provider/graph/policies/operationStatsPolicy";
import { answerTo, graphRequest } from "../../../support/pipelineRequests";

describe("provider/graph/policies/operationStatsPolicy", () => {
    const cases: Array<{ name: string; next: (r: PipelineRequest) => never | ReturnType<typeof answerTo>; statuses: number[]; requestIds: string[] }> = [
        { name: "an answer: its status and request-id", next: (r) => answerTo(r, 429, { "request-id": "rid-1" }), statuses: [429], requestIds: ["rid-1"] },
        { name: "an answer without request-id", next: (r) => answerTo(r, 200), statuses: [200], requestIds: [] },
        {
            name: "an answer whose body was lost: still its status and request-id",
            next: (r) => {
                throw new RestError("lost", { code: "ANSWER_BODY_LOST", request: r, response: answerTo(r, 200, { "request-id": "rid-2" }) });
            },
            statuses: [200],
            requestIds: ["rid-2"],
        },
        {
            name: "no answer: a request, no status",
            next: (r) => {
                throw new RestError("refused", { code: "ECONNREFUSED", request: r });
            },
            statuses: [],
            requestIds: [],
        },
    ];
    for (const c of cases) {
        it(`counts each request in its call and operation; ${c.name}`, async () => {
            const { request, call } = graphRequest();
            const policy = operationStatsPolicy();
            for (let i = 0; i < 2; i++) {
                await policy.sendRequest(request, async (r) => c.next(r)).catch(() => undefined);
            }
            assert.equal(call.attempts, 2);
            assert.equal(call.stats.requests, 2);
            assert.deepEqual(call.stats.statuses, [...c.statuses, ...c.statuses]);
            assert.deepEqual(call.stats.requestIds, [...c.requestIds, ...c.requestIds]);
        });
    }
});
