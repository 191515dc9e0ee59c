import { strict as assert } from "node:assert";
import {
    INITIAL_BURST,
    INITIAL_SHARE,
    PacingState,
    RAMP_GAIN,
    READ_RAMP_GAIN,
    ThrottleEvidence,
    afterAccepted,
    afterThrottled,
    freeSlots,
    initialPacing,
} from "../../../provider/graph/pacingDecisions";

const RAMPED = Number.POSITIVE_INFINITY;

/** A state with the given fields over the ramped-up default budget of 100 per 20 s. */
function state(fields: Partial<PacingState>): PacingState {
    return { limit: 100, windowMs: 20_000, ceilingLimit: 100, rampGain: RAMP_GAIN, rampSlots: RAMPED, acceptedInRow: 0, probing: false, ...fields };
}

describe("graph/pacingDecisions", () => {
    describe("initialPacing and freeSlots", () => {
        const cases: Array<{ name: string; limit: number; slots: number }> = [
            { name: "Intune's 100 writes per window start with the initial burst", limit: 100, slots: INITIAL_BURST },
            { name: "Intune's 1,000 reads per window start with a twentieth", limit: 1000, slots: 1000 * INITIAL_SHARE },
            { name: "a budget below the initial burst starts with all of it", limit: 3, slots: 3 },
            { name: "a budget of one", limit: 1, slots: 1 },
        ];
        for (const c of cases) {
            it(c.name, () => {
                const start = initialPacing(c.limit, 20_000);
                assert.deepEqual(start, {
                    limit: c.limit,
                    windowMs: 20_000,
                    ceilingLimit: c.limit,
                    rampGain: RAMP_GAIN,
                    rampSlots: c.slots,
                    acceptedInRow: 0,
                    probing: false,
                });
                assert.equal(freeSlots(start, 0, 0), c.slots);
            });
        }

        const free: Array<{ name: string; fields: Partial<PacingState>; inFlight: number; held: number; slots: number }> = [
            { name: "the ramp's whole slots, less those in flight", fields: { rampSlots: 12.5 }, inFlight: 4, held: 0, slots: 8 },
            { name: "held writes do not stall the ramp", fields: { rampSlots: 12 }, inFlight: 0, held: 30, slots: 12 },
            { name: "the window holds at most the limit", fields: { limit: 20, rampSlots: 30 }, inFlight: 3, held: 10, slots: 7 },
            { name: "the limit once ramped", fields: { limit: 37 }, inFlight: 0, held: 0, slots: 37 },
            { name: "none when the window is full", fields: { limit: 20 }, inFlight: 0, held: 20, slots: 0 },
            { name: "one beyond the limit while probing", fields: { limit: 20, probing: true }, inFlight: 0, held: 20, slots: 1 },
            { name: "none when a 429 lowered the limit below what is in use", fields: { limit: 5 }, inFlight: 4, held: 3, slots: 0 },
        ];
        for (const c of free) {
            it(`freeSlots: ${c.name}`, () => assert.equal(freeSlots(state(c.fields), c.inFlight, c.held), c.slots));
        }
    });

    describe("afterAccepted", () => {
        const cases: Array<{ name: string; before: Partial<PacingState>; held: number; after: Partial<PacingState> }> = [
            { name: "the ramp grows by RAMP_GAIN writes in flight", before: { rampSlots: 10 }, held: 3, after: { rampSlots: 10 + RAMP_GAIN } },
            {
                name: "a ramp of reads grows by its own gain",
                before: { rampGain: READ_RAMP_GAIN, rampSlots: 10 },
                held: 3,
                after: { rampGain: READ_RAMP_GAIN, rampSlots: 10 + READ_RAMP_GAIN },
            },
            {
                name: "the ramp ends when it reaches the limit",
                before: { limit: 20, rampSlots: 20 - RAMP_GAIN },
                held: 19,
                after: { limit: 20, rampSlots: RAMPED },
            },
            { name: "once ramped, it counts accepted writes", before: { limit: 20, acceptedInRow: 5 }, held: 20, after: { limit: 20, acceptedInRow: 6 } },
            {
                name: "a window's worth accepted in a row starts the probe",
                before: { limit: 20, acceptedInRow: 19 },
                held: 20,
                after: { limit: 20, acceptedInRow: 20, probing: true },
            },
            {
                name: "while probing, the limit follows what the window holds",
                before: { limit: 20, acceptedInRow: 25, probing: true },
                held: 21,
                after: { limit: 21, acceptedInRow: 26, probing: true },
            },
            {
                name: "a write in flight at a 429 and accepted after it raises the limit to what the window holds",
                before: { limit: 12, acceptedInRow: 0 },
                held: 13,
                after: { limit: 13, acceptedInRow: 1 },
            },
            {
                name: "while probing, fewer held (slots freed meanwhile) keep the limit",
                before: { limit: 20, acceptedInRow: 25, probing: true },
                held: 12,
                after: { limit: 20, acceptedInRow: 26, probing: true },
            },
            {
                name: "the probe ends at the configured budget",
                before: { limit: 99, acceptedInRow: 150, probing: true },
                held: 100,
                after: { limit: 100, acceptedInRow: 151, probing: false },
            },
            { name: "no probe at the configured budget", before: { limit: 100, acceptedInRow: 150 }, held: 100, after: { limit: 100, acceptedInRow: 151 } },
        ];
        for (const c of cases) {
            it(c.name, () => assert.deepEqual(afterAccepted(state(c.before), c.held), state(c.after)));
        }
    });

    describe("afterThrottled", () => {
        const at = 50_000;
        const cases: Array<{ name: string; before: Partial<PacingState>; evidence: Omit<ThrottleEvidence, "nowMs">; after: Partial<PacingState> }> = [
            {
                name: "the limit is what was accepted, the window from the oldest held answer to the end of Retry-After",
                before: { rampSlots: 40 },
                evidence: { retryAfterMs: 2000, heldAccepted: 20, oldestHeldAtMs: at - 30 },
                after: { limit: 20, windowMs: 2030 },
            },
            {
                name: "a Retry-After longer than that span is the window",
                before: {},
                evidence: { retryAfterMs: 5000, heldAccepted: 0, oldestHeldAtMs: undefined },
                after: { limit: 1, windowMs: 5000 },
            },
            {
                name: "the window only shrinks: a longer estimate keeps the tighter window seen before",
                before: { windowMs: 2000 },
                evidence: { retryAfterMs: 2000, heldAccepted: 18, oldestHeldAtMs: at - 500 },
                after: { limit: 18, windowMs: 2000 },
            },
            {
                name: "without Retry-After the window stays; the probe ends",
                before: { windowMs: 20_000, acceptedInRow: 27, probing: true },
                evidence: { retryAfterMs: undefined, heldAccepted: 12, oldestHeldAtMs: at - 900 },
                after: { limit: 12, windowMs: 20_000 },
            },
            {
                name: "nothing held and Retry-After 0: one write per millisecond, not pacing off",
                before: {},
                evidence: { retryAfterMs: 0, heldAccepted: 0, oldestHeldAtMs: undefined },
                after: { limit: 1, windowMs: 1 },
            },
            {
                name: "a slow trickle: the window spans the held writes, so the rate is what was accepted",
                before: { limit: 100, windowMs: 20_000 },
                evidence: { retryAfterMs: 1000, heldAccepted: 30, oldestHeldAtMs: at - 2000 },
                after: { limit: 30, windowMs: 3000 },
            },
        ];
        for (const c of cases) {
            it(c.name, () =>
                assert.deepEqual(
                    afterThrottled(state(c.before), { nowMs: at, ...c.evidence }),
                    state({ ...c.after, rampSlots: RAMPED, acceptedInRow: 0, probing: false }),
                ),
            );
        }
    });
});
