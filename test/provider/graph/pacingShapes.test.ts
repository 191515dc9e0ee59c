/**
 * The write pacer with its default settings against the budget shapes of issue 10, and the read
 * pacer against read budgets, in fake time: deterministic, so the figures are the design's, not
 * the machine's. The bench measures the same shapes through the provider host, with the peer beside.
 */
import { strict as assert } from "node:assert";
import FakeTimers from "@sinonjs/fake-timers";
import { RAMP_GAIN, READ_RAMP_GAIN } from "../../../provider/graph/pacingDecisions";
import type { BudgetShape } from "../../../emulator/writeBudget";
import { SimulatedRun, simulatePacing, throttleMinimumMs } from "../../support/pacingSimulation";

const ROUND_TRIP_MS = 40;
const N = 100;

function shape(fields: Partial<BudgetShape>): BudgetShape {
    return { writesPerWindow: 100, windowMs: 20_000, window: "sliding", dropAfterWrites: 0, droppedWritesPerWindow: 0, ...fields };
}

describe("graph/pacer against the write budget shapes (simulated, fake time)", () => {
    let clock: ReturnType<typeof FakeTimers.install>;
    beforeEach(() => {
        clock = FakeTimers.install({ toFake: ["setTimeout", "clearTimeout", "Date"], now: 1_000_000, loopLimit: 1_000_000 });
    });
    afterEach(() => clock.uninstall());

    async function run(options: Parameters<typeof simulatePacing>[0]): Promise<SimulatedRun> {
        const result = simulatePacing(options);
        await clock.runAllAsync();
        return result;
    }

    const cases: Array<{ name: string; shape: BudgetShape; hosts: number; startsMs?: number[]; minimumMs: number; maxRatio: number; max429Share: number }> = [
        { name: "(a) Intune's documented 100 per 20 s", shape: shape({}), hosts: 1, minimumMs: 0, maxRatio: 1, max429Share: 0 },
        {
            name: "(b) 20 per 2 s",
            shape: shape({ writesPerWindow: 20, windowMs: 2000 }),
            hosts: 1,
            minimumMs: throttleMinimumMs(N, 20, 2000),
            maxRatio: 1.15,
            max429Share: 0.1,
        },
        {
            name: "(b') 20 per 2 s, fixed windows",
            shape: shape({ writesPerWindow: 20, windowMs: 2000, window: "fixed" }),
            hosts: 1,
            minimumMs: throttleMinimumMs(N, 20, 2000),
            maxRatio: 1.15,
            max429Share: 0.1,
        },
        {
            name: "(c) 200 per 20 s for the tenant, two deployments at once",
            shape: shape({ writesPerWindow: 200 }),
            hosts: 2,
            minimumMs: throttleMinimumMs(2 * N, 200, 20_000),
            maxRatio: 1,
            max429Share: 0.1,
        },
        {
            name: "(d) a sliding window of 30 per 3 s",
            shape: shape({ writesPerWindow: 30, windowMs: 3000 }),
            hosts: 1,
            minimumMs: throttleMinimumMs(N, 30, 3000),
            maxRatio: 1.15,
            max429Share: 0.1,
        },
        {
            name: "(e) 50 per 5 s dropping to 20 per 5 s after the first 40 writes",
            shape: shape({ writesPerWindow: 50, windowMs: 5000, dropAfterWrites: 40, droppedWritesPerWindow: 20 }),
            hosts: 1,
            minimumMs: 15_000,
            maxRatio: 1.15,
            // Target 10 % not held: the drop is announced by nothing but 429s, so the writes in flight
            // when it happens are refused (about a third of the 40 accepted), and so are those of the
            // next window, sent at the budget learned before the drop (40 where 20 fit).
            max429Share: 0.17,
        },
        {
            name: "two deployments, 20 per 2 s for the tenant",
            shape: shape({ writesPerWindow: 20, windowMs: 2000 }),
            hosts: 2,
            minimumMs: throttleMinimumMs(2 * N, 20, 2000),
            maxRatio: 1.25,
            max429Share: 0.1,
        },
        {
            name: "two deployments, 20 per 2 s for the tenant, the second starting when the first has spent the window",
            shape: shape({ writesPerWindow: 20, windowMs: 2000 }),
            hosts: 2,
            startsMs: [0, 1000],
            minimumMs: throttleMinimumMs(2 * N, 20, 2000),
            maxRatio: 1.25,
            max429Share: 0.1,
        },
    ];
    for (const c of cases) {
        it(c.name, async () => {
            const hosts = Array.from({ length: c.hosts }, (_, h) => ({ writes: N, startAfterMs: c.startsMs?.[h] }));
            const result = await run({ shape: c.shape, hosts, roundTripMs: ROUND_TRIP_MS });
            const refused = result.hosts.reduce((sum, h) => sum + h.refused, 0);
            // each create is a PATCH and the GET after its 204, as in the bench
            const requests = 2 * N * c.hosts + refused;
            const report = `${result.wallMs} ms against a minimum of ${c.minimumMs} ms, ${refused} of ${requests} requests refused, failures ${result.hosts.map((h) => h.failures).join("/")}`;
            if (process.env.RELIABILITY_REPORT) {
                console.log(`      ${report}`);
            }
            assert.deepEqual(
                result.hosts.map((h) => h.failures),
                result.hosts.map(() => 0),
                report,
            );
            assert.ok(result.wallMs <= c.maxRatio * c.minimumMs + 10 * ROUND_TRIP_MS, report);
            assert.ok(refused <= c.max429Share * requests, report);
        });
    }

    describe("reads: a refresh of 1,000 at the reads' ramp, against Intune's read budget and smaller ones", () => {
        const READS = 1000;
        const READ_ROUND_TRIP_MS = 100;
        const reads = (readsPerWindow: number, rampGain: number) =>
            run({
                shape: shape({ writesPerWindow: readsPerWindow }),
                hosts: [{ writes: READS, writesPerWindow: 1000, windowMs: 20_000, rampGain }],
                roundTripMs: READ_ROUND_TRIP_MS,
            });

        it("the documented 1,000 per 20 s: none refused, in 5 round trips (7 at the writes' ramp)", async () => {
            const result = await reads(1000, READ_RAMP_GAIN);
            assert.deepEqual([result.hosts[0].failures, result.hosts[0].refused], [0, 0]);
            assert.ok(result.wallMs <= 5 * READ_ROUND_TRIP_MS, `${result.wallMs} ms`);
        });

        // What the steeper ramp costs when others already spend most of the budget: more refused
        // reads (each one sub-request of a batch sent anyway), no more time, no failure.
        for (const readsPerWindow of [600, 300, 100]) {
            it(`${readsPerWindow} per 20 s: no failure, no slower than the writes' ramp, at most 30 % of requests refused`, async () => {
                const steep = await reads(readsPerWindow, READ_RAMP_GAIN);
                const gentle = await reads(readsPerWindow, RAMP_GAIN);
                const refused = steep.hosts[0].refused;
                const report = `${steep.wallMs} ms (${gentle.wallMs} ms at the writes' ramp), ${refused} refused (${gentle.hosts[0].refused})`;
                if (process.env.RELIABILITY_REPORT) {
                    console.log(`      ${report}`);
                }
                assert.equal(steep.hosts[0].failures, 0, report);
                assert.ok(steep.wallMs <= gentle.wallMs + READ_ROUND_TRIP_MS, report);
                assert.ok(refused <= 0.3 * (READS + refused), report);
            });
        }
    });
});
