import { strict as assert } from "node:assert";
import FakeTimers from "@sinonjs/fake-timers";
import { ThrottleGate } from "../../../provider/graph/throttleGate";

/** Follows a promise: whether it settled, with what, and at which (fake) time. */
function track<T>(promise: Promise<T>) {
    const state: { done: boolean; value?: T; atMs?: number } = { done: false };
    void promise.then((value) => {
        state.done = true;
        state.value = value;
        state.atMs = Date.now();
    });
    return state;
}

describe("graph/throttleGate ThrottleGate", () => {
    let clock: ReturnType<typeof FakeTimers.install>;
    beforeEach(() => {
        clock = FakeTimers.install({ toFake: ["setTimeout", "clearTimeout", "Date"], now: 1_000_000 });
    });
    afterEach(() => clock.uninstall());

    it("is open at first: wait resolves at once with 0", async () => {
        const gate = new ThrottleGate();
        assert.equal(gate.remainingMs(), 0);
        const waited = track(gate.wait());
        await clock.tickAsync(0);
        assert.deepEqual(waited, { done: true, value: 0, atMs: 1_000_000 });
    });

    it("closes for a window and wait resolves when it ends", async () => {
        const gate = new ThrottleGate();
        gate.closeFor(1000);
        assert.equal(gate.remainingMs(), 1000);
        const waited = track(gate.wait());
        await clock.tickAsync(999);
        assert.equal(waited.done, false);
        assert.equal(gate.remainingMs(), 1);
        await clock.tickAsync(1);
        assert.deepEqual(waited, { done: true, value: 1000, atMs: 1_001_000 });
        assert.equal(gate.remainingMs(), 0);
    });

    it("holds every waiter until the window ends", async () => {
        const gate = new ThrottleGate();
        gate.closeFor(3000);
        const waiters = Array.from({ length: 10 }, () => track(gate.wait()));
        await clock.tickAsync(2999);
        assert.equal(waiters.filter((w) => w.done).length, 0);
        await clock.tickAsync(1);
        assert.deepEqual(new Set(waiters.map((w) => w.atMs)), new Set([1_003_000]));
    });

    it("a shorter closure does not shorten a longer one", async () => {
        const gate = new ThrottleGate();
        gate.closeFor(5000);
        gate.closeFor(1000);
        assert.equal(gate.remainingMs(), 5000);
        const waited = track(gate.wait());
        await clock.tickAsync(4999);
        assert.equal(waited.done, false);
        await clock.tickAsync(1);
        assert.equal(waited.value, 5000);
    });

    it("a longer closure during a wait extends it", async () => {
        const gate = new ThrottleGate();
        gate.closeFor(1000);
        const waited = track(gate.wait());
        await clock.tickAsync(500);
        gate.closeFor(2000); // opens at +2500
        await clock.tickAsync(1500);
        assert.equal(waited.done, false, "resolved at the end of the first window although the gate closed again");
        await clock.tickAsync(500);
        assert.deepEqual(waited, { done: true, value: 2500, atMs: 1_002_500 });
    });

    it("closeFor and remainingMs take an explicit clock", () => {
        const gate = new ThrottleGate();
        gate.closeFor(2000, 10_000);
        assert.equal(gate.remainingMs(10_000), 2000);
        assert.equal(gate.remainingMs(11_500), 500);
        assert.equal(gate.remainingMs(13_000), 0);
    });
});
