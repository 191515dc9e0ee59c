import { strict as assert } from "node:assert";
import FakeTimers from "@sinonjs/fake-timers";
import { INITIAL_BURST, RAMP_GAIN } from "../../../provider/graph/pacingDecisions";
import { Pacer, SlotOutcome } from "../../../provider/graph/pacer";

const START = 1_000_000;

interface Writer {
    name: string;
    release?: (outcome?: SlotOutcome) => void;
    grantedAtMs?: number;
}

/** Asks `pacer` for a slot as writer `name`, recording when it was granted. */
function writer(pacer: Pacer, name: string, granted: string[] = []): Writer {
    const w: Writer = { name };
    void pacer.acquire().then((release) => {
        w.release = release;
        w.grantedAtMs = Date.now() - START;
        granted.push(name);
    });
    return w;
}

describe("graph/pacer Pacer", () => {
    let clock: ReturnType<typeof FakeTimers.install>;
    beforeEach(() => {
        clock = FakeTimers.install({ toFake: ["setTimeout", "clearTimeout", "Date"], now: START });
    });
    afterEach(() => clock.uninstall());

    it("lets writesPerWindow writes through at once; the next waits until windowMs after the first release", async () => {
        const pacer = new Pacer(3, 1000);
        const first = [writer(pacer, "a"), writer(pacer, "b"), writer(pacer, "c")];
        const next = writer(pacer, "d");
        await clock.tickAsync(0);
        assert.deepEqual(
            first.map((w) => w.grantedAtMs),
            [0, 0, 0],
        );
        assert.equal(next.grantedAtMs, undefined);
        assert.equal(pacer.queued, 1);

        await clock.tickAsync(100);
        first[1].release!(); // the first answer arrives at 100 ms
        await clock.tickAsync(300);
        first[0].release!();
        first[2].release!();
        await clock.tickAsync(699); // 1099 ms
        assert.equal(next.grantedAtMs, undefined);
        await clock.tickAsync(1); // 1100 ms = first release + window
        assert.equal(next.grantedAtMs, 1100);
        assert.equal(pacer.queued, 0);
    });

    it("hands slots over in FIFO order", async () => {
        const pacer = new Pacer(1, 1000);
        const granted: string[] = [];
        const writers = ["a", "b", "c", "d", "e"].map((name) => writer(pacer, name, granted));
        for (let i = 0; i < writers.length; i++) {
            await clock.tickAsync(i === 0 ? 0 : 1000);
            assert.equal(writers[i].grantedAtMs, i * 1000, `writer ${writers[i].name}`);
            writers[i].release!();
        }
        assert.deepEqual(granted, ["a", "b", "c", "d", "e"]);
    });

    it("a writer arriving when a slot has just freed queues behind the writers already waiting", async () => {
        const pacer = new Pacer(1, 1000);
        const granted: string[] = [];
        const a = writer(pacer, "a", granted);
        const b = writer(pacer, "b", granted);
        await clock.tickAsync(0);
        a.release!();
        clock.setSystemTime(START + 1000); // a's slot is free, and the timer that hands it to b has not run yet
        const c = writer(pacer, "c", granted);
        await clock.tickAsync(0);
        assert.deepEqual([b.grantedAtMs, c.grantedAtMs], [1000, undefined]);
        assert.deepEqual(granted, ["a", "b"]);
    });

    it("a waiter gets the slot released first, whoever held it", async () => {
        const pacer = new Pacer(2, 1000);
        const granted: string[] = [];
        const [a, b] = [writer(pacer, "a", granted), writer(pacer, "b", granted)];
        const [c, d] = [writer(pacer, "c", granted), writer(pacer, "d", granted)];
        await clock.tickAsync(0);
        b.release!();
        await clock.tickAsync(500);
        a.release!();
        await clock.tickAsync(500);
        assert.deepEqual([c.grantedAtMs, d.grantedAtMs], [1000, undefined]);
        await clock.tickAsync(500);
        assert.deepEqual([c.grantedAtMs, d.grantedAtMs], [1000, 1500]);
        assert.deepEqual(granted, ["a", "b", "c", "d"]);
    });

    const disabled: Array<{ name: string; writesPerWindow: number; windowMs: number }> = [
        { name: "writesPerWindow 0", writesPerWindow: 0, windowMs: 20_000 },
        { name: "windowMs 0", writesPerWindow: 5, windowMs: 0 },
    ];
    for (const c of disabled) {
        it(`is disabled with ${c.name}: every write goes through at once`, async () => {
            const pacer = new Pacer(c.writesPerWindow, c.windowMs);
            assert.equal(pacer.enabled, false);
            const writers = Array.from({ length: 50 }, (_, i) => writer(pacer, `w${i}`));
            await clock.tickAsync(0);
            assert.equal(writers.filter((w) => w.grantedAtMs === 0).length, 50);
            assert.equal(pacer.queued, 0);
            writers.forEach((w) => w.release!());
            assert.equal(clock.countTimers(), 0, "a disabled pacer must not start timers");
        });
    }

    it("releasing twice releases once", async () => {
        const pacer = new Pacer(1, 1000);
        const a = writer(pacer, "a");
        const b = writer(pacer, "b");
        const c = writer(pacer, "c");
        await clock.tickAsync(0);
        a.release!();
        a.release!();
        await clock.tickAsync(1000);
        assert.equal(b.grantedAtMs, 1000);
        await clock.tickAsync(5000);
        assert.equal(c.grantedAtMs, undefined, "the second release of a freed a second slot");
        b.release!();
        await clock.tickAsync(1000);
        assert.equal(c.grantedAtMs, 7000);
    });

    it("never has more than writesPerWindow slots in use", async () => {
        const perWindow = 3;
        const windowMs = 1000;
        const pacer = new Pacer(perWindow, windowMs);
        const spans: Array<{ from: number; to: number }> = [];
        let maxQueued = 0;
        const writes = Array.from({ length: 20 }, async (_, i) => {
            // the first half arrive together, the rest one by one while the queue drains
            await new Promise<void>((resolve) => setTimeout(resolve, i < 10 ? 0 : 400 * (i - 9)));
            const release = await pacer.acquire();
            const from = Date.now();
            await new Promise<void>((resolve) => setTimeout(resolve, 37 * (i % 5))); // the request
            maxQueued = Math.max(maxQueued, pacer.queued);
            release();
            spans.push({ from, to: Date.now() + windowMs }); // the slot is held until a window after the answer
        });
        await clock.tickAsync(20_000);
        await Promise.all(writes);
        assert.equal(spans.length, 20);
        assert.ok(maxQueued >= 7, `the writers did not queue up behind the first three (at most ${maxQueued} waited)`);
        for (const { from } of spans) {
            const inUse = spans.filter((s) => s.from <= from && from < s.to).length;
            assert.ok(inUse <= perWindow, `${inUse} slots in use at ${from - START} ms`);
        }
        // the budget is used: 20 writes in ~7 windows, not spread further
        const last = Math.max(...spans.map((s) => s.from)) - START;
        assert.ok(last < 8 * (windowMs + 150), `last write only at ${last} ms`);
    });

    it("ramps up: the initial burst at once, then RAMP_GAIN more writes in flight per accepted write", async () => {
        const pacer = new Pacer(100, 20_000);
        const writers = Array.from({ length: 20 }, (_, i) => writer(pacer, `w${i}`));
        let released = 0;
        const release = async (count: number, outcome?: SlotOutcome) => {
            writers.slice(released, released + count).forEach((w) => w.release!(outcome));
            released += count;
            await clock.tickAsync(0);
            return writers.filter((w) => w.release).length;
        };
        // with writers waiting, those sent are the ones answered and as many as the ramp allows in flight
        const expected = (accepted: number, unanswered: number) => accepted + unanswered + Math.floor(INITIAL_BURST + RAMP_GAIN * accepted);
        assert.equal(await release(0), INITIAL_BURST);
        assert.equal(await release(1), expected(1, 0));
        assert.equal(await release(2), expected(3, 0));
        assert.equal(await release(3, { kind: "unanswered" }), expected(3, 3), "a write without answer is no evidence: the ramp does not grow");
    });

    const throttled: Array<{ name: string; outcome: SlotOutcome; grantedAtMs: number | undefined }> = [
        { name: "a refused write gives its slot back at once", outcome: { kind: "refused", retryAfterMs: undefined }, grantedAtMs: 10 },
        { name: "an accepted write holds its slot for the window", outcome: { kind: "accepted" }, grantedAtMs: 1010 },
        { name: "a write without answer holds its slot for the window", outcome: { kind: "unanswered" }, grantedAtMs: 1010 },
    ];
    for (const c of throttled) {
        it(c.name, async () => {
            const pacer = new Pacer(1, 1000);
            const a = writer(pacer, "a");
            const waiter = writer(pacer, "c");
            await clock.tickAsync(10);
            a.release!(c.outcome);
            await clock.tickAsync(0);
            assert.equal(waiter.grantedAtMs, c.outcome.kind === "refused" ? c.grantedAtMs : undefined);
            await clock.tickAsync(1000);
            assert.equal(waiter.grantedAtMs, c.grantedAtMs);
        });
    }

    it("a 429 teaches the budget: the limit is what was accepted, and the held slots free when its Retry-After ends, not a configured window later", async () => {
        const pacer = new Pacer(5, 20_000);
        const first = ["a", "b", "c", "d", "e"].map((name) => writer(pacer, name));
        await clock.tickAsync(10);
        first.slice(0, 3).forEach((w) => w.release!()); // accepted at 10 ms
        await clock.tickAsync(10);
        first.slice(3).forEach((w) => w.release!({ kind: "refused", retryAfterMs: 2000 })); // refused at 20 ms: the gate opens at 2020 ms
        const retries = ["d2", "e2", "f", "g"].map((name) => writer(pacer, name));
        await clock.tickAsync(0);
        assert.deepEqual({ limit: pacer.pacing.limit, windowMs: pacer.pacing.windowMs }, { limit: 3, windowMs: 2010 });
        assert.deepEqual(
            retries.map((w) => w.grantedAtMs),
            [undefined, undefined, undefined, undefined],
            "the refused writes' slots went back, but the limit is now the 3 accepted",
        );
        await clock.tickAsync(1999); // 2019 ms
        assert.equal(retries.filter((w) => w.release).length, 0);
        await clock.tickAsync(1); // 2020 ms: 10 ms answer + the learned 2010 ms window
        assert.deepEqual(
            retries.map((w) => w.grantedAtMs),
            [2020, 2020, 2020, undefined],
        );
    });

    it("a 429 counts only the accepted writes whose window has not passed", async () => {
        const pacer = new Pacer(5, 1000);
        const [a, b, c] = [writer(pacer, "a"), writer(pacer, "b"), writer(pacer, "c")];
        await clock.tickAsync(0);
        a.release!();
        b.release!(); // accepted at 0: their slots are free at 1000 ms
        await clock.tickAsync(1500);
        c.release!({ kind: "refused", retryAfterMs: 500 });
        assert.deepEqual({ limit: pacer.pacing.limit, windowMs: pacer.pacing.windowMs }, { limit: 1, windowMs: 500 });
    });
});
