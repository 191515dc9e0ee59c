import { strict as assert } from "node:assert";
import FakeTimers from "@sinonjs/fake-timers";
import { WritePacer } from "../../../provider/graph/writePacer";

const START = 1_000_000;

interface Writer {
    name: string;
    release?: () => void;
    grantedAtMs?: number;
}

/** Asks `pacer` for a slot as writer `name`, recording when it was granted. */
function writer(pacer: WritePacer, name: string, granted: string[] = []): Writer {
    const w: Writer = { name };
    void pacer.acquire().then((release) => {
        w.release = release;
        w.grantedAtMs = Date.now() - START;
        granted.push(name);
    });
    return w;
}

describe("graph/writePacer WritePacer", () => {
    let clock: ReturnType<typeof FakeTimers.install>;
    beforeEach(() => {
        clock = FakeTimers.install({ toFake: ["setTimeout", "clearTimeout", "Date"], now: START });
    });
    afterEach(() => clock.uninstall());

    it("lets writesPerWindow writes through at once; the next waits until windowMs after the first release", async () => {
        const pacer = new WritePacer(3, 1000);
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
        const pacer = new WritePacer(1, 1000);
        const granted: string[] = [];
        const writers = ["a", "b", "c", "d", "e"].map((name) => writer(pacer, name, granted));
        for (let i = 0; i < writers.length; i++) {
            await clock.tickAsync(i === 0 ? 0 : 1000);
            assert.equal(writers[i].grantedAtMs, i * 1000, `writer ${writers[i].name}`);
            writers[i].release!();
        }
        assert.deepEqual(granted, ["a", "b", "c", "d", "e"]);
    });

    it("a waiter gets the slot released first, whoever held it", async () => {
        const pacer = new WritePacer(2, 1000);
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
            const pacer = new WritePacer(c.writesPerWindow, c.windowMs);
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
        const pacer = new WritePacer(1, 1000);
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
        const pacer = new WritePacer(perWindow, windowMs);
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
});
