import { strict as assert } from "node:assert";
import { BudgetShape, WriteBudget } from "../../emulator/writeBudget";

const START = 1_000_000;

/** A budget of `writesPerWindow` per 1000 ms, sliding, no drop, with the given changes. */
function shape(fields: Partial<BudgetShape>): BudgetShape {
    return { writesPerWindow: 2, windowMs: 1000, window: "sliding", dropAfterWrites: 0, droppedWritesPerWindow: 0, ...fields };
}

/** Tries a write at each offset from the start; returns what the budget answered: 0 accepted, else the wait in ms. */
function attempts(budgetShape: BudgetShape, offsetsMs: number[]): number[] {
    const budget = new WriteBudget(START);
    return offsetsMs.map((offset) => {
        const waitMs = budget.waitMs(budgetShape, START + offset);
        if (waitMs === 0) {
            budget.accept(budgetShape, START + offset);
        }
        return waitMs;
    });
}

describe("emulator/writeBudget WriteBudget", () => {
    const cases: Array<{ name: string; shape: Partial<BudgetShape>; offsetsMs: number[]; answers: number[] }> = [
        { name: "unlimited: every write accepted", shape: { writesPerWindow: 0 }, offsetsMs: [0, 0, 0, 0], answers: [0, 0, 0, 0] },
        {
            name: "sliding: refused until the oldest accepted write leaves the last windowMs",
            shape: {},
            offsetsMs: [0, 400, 500, 999, 1000, 1300, 1400],
            answers: [0, 0, 500, 1, 0, 100, 0],
        },
        {
            name: "fixed: a fresh budget at each window's start, whenever the writes came in the last one",
            shape: { window: "fixed" },
            offsetsMs: [900, 950, 960, 1000, 1001, 1002, 2500],
            answers: [0, 0, 40, 0, 0, 998, 0],
        },
        {
            name: "sliding, dropping after 3 writes to 1: the 3 accepted must all leave the window first",
            shape: { writesPerWindow: 3, dropAfterWrites: 3, droppedWritesPerWindow: 1 },
            offsetsMs: [0, 100, 200, 300, 1199, 1200, 1300, 2200],
            answers: [0, 0, 0, 900, 1, 0, 900, 0],
        },
        {
            name: "fixed, dropping after 3 writes to 1: the next window holds one",
            shape: { window: "fixed", writesPerWindow: 3, dropAfterWrites: 3, droppedWritesPerWindow: 1 },
            offsetsMs: [0, 100, 200, 300, 1000, 1100, 2000],
            answers: [0, 0, 0, 700, 0, 900, 0],
        },
    ];
    for (const c of cases) {
        it(c.name, () => assert.deepEqual(attempts(shape(c.shape), c.offsetsMs), c.answers));
    }

    it("counts the writes it accepted", () => {
        const budget = new WriteBudget(START);
        budget.accept(shape({ writesPerWindow: 0 }), START);
        budget.accept(shape({}), START + 1);
        assert.equal(budget.accepted, 2);
    });
});
