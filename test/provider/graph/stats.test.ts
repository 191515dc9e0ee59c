import { strict as assert } from "node:assert";
import { OperationStats } from "../../../provider/graph/stats";

interface StatsSetup {
    requests?: number;
    retries?: number;
    waitedMs?: number;
    pacedMs?: number;
    answers?: Array<[number, string?]>;
}

function stats(setup: StatsSetup): OperationStats {
    const s = new OperationStats();
    s.requests = setup.requests ?? 0;
    s.retries = setup.retries ?? 0;
    s.waitedMs = setup.waitedMs ?? 0;
    s.pacedMs = setup.pacedMs ?? 0;
    for (const [status, requestId] of setup.answers ?? []) {
        s.noteAnswer(status, requestId);
    }
    return s;
}

describe("graph/stats OperationStats", () => {
    const cases: Array<{ name: string; setup: StatsSetup; summary: string; noteworthy: boolean }> = [
        { name: "nothing happened", setup: {}, summary: "0 requests", noteworthy: false },
        { name: "one request", setup: { requests: 1, answers: [[200, "r1"]] }, summary: "1 request; request-ids r1", noteworthy: false },
        { name: "two requests without ids", setup: { requests: 2, answers: [[204], [200]] }, summary: "2 requests", noteworthy: false },
        {
            name: "one retry after a 429",
            setup: {
                requests: 2,
                retries: 1,
                waitedMs: 1500,
                answers: [
                    [429, "r1"],
                    [204, "r2"],
                ],
            },
            summary: "2 requests; 1 retry (answers 429); waited 1.5 s for throttling/backoff; request-ids r1, r2",
            noteworthy: true,
        },
        {
            name: "a retry that ended in a 400: the 400 is among the answers named, the 399 is not a failure",
            setup: { requests: 3, retries: 2, answers: [[503], [399], [400]] },
            summary: "3 requests; 2 retries (answers 503, 400)",
            noteworthy: true,
        },
        {
            name: "retries after connection failures only",
            setup: { requests: 3, retries: 2, answers: [[200, "r3"]] },
            summary: "3 requests; 2 retries (answers none: connection failures); request-ids r3",
            noteworthy: true,
        },
        {
            name: "several failures listed in order",
            setup: { requests: 3, retries: 2, answers: [[503], [502], [200]] },
            summary: "3 requests; 2 retries (answers 503, 502)",
            noteworthy: true,
        },
        { name: "pacing under a second is not mentioned", setup: { requests: 1, pacedMs: 999 }, summary: "1 request", noteworthy: false },
        {
            name: "pacing of a second is mentioned",
            setup: { requests: 1, pacedMs: 1000 },
            summary: "1 request; queued 1.0 s by pacing",
            noteworthy: true,
        },
        { name: "pacing rounds to a tenth", setup: { requests: 1, pacedMs: 12_345 }, summary: "1 request; queued 12.3 s by pacing", noteworthy: true },
        { name: "a wait under 100 ms is not mentioned", setup: { requests: 1, waitedMs: 99 }, summary: "1 request", noteworthy: false },
        {
            name: "a wait of 100 ms is noteworthy",
            setup: { requests: 1, waitedMs: 100 },
            summary: "1 request; waited 0.1 s for throttling/backoff",
            noteworthy: true,
        },
        { name: "a 429 alone is noteworthy", setup: { requests: 1, answers: [[429]] }, summary: "1 request", noteworthy: true },
        {
            name: "an error answer without retry is not noteworthy",
            setup: { requests: 1, answers: [[404, "r9"]] },
            summary: "1 request; request-ids r9",
            noteworthy: false,
        },
    ];
    for (const c of cases) {
        it(c.name, () => {
            const s = stats(c.setup);
            assert.equal(s.summary(), c.summary);
            assert.equal(s.noteworthy, c.noteworthy);
        });
    }

    it("noteAnswer records statuses, 429s and request ids", () => {
        const s = stats({
            answers: [
                [429, "a"],
                [429, ""],
                [503, "b"],
                [200, undefined],
            ],
        });
        assert.deepEqual(s.statuses, [429, 429, 503, 200]);
        assert.equal(s.throttled, 2);
        assert.deepEqual(s.requestIds, ["a", "b"]);
    });
});
