/**
 * What the pacer (`./pacer.ts`) believes of the tenant's budget, and how Graph's answers
 * change it. Pure decisions: no timers, no I/O, so every rule is a table-driven test. The design,
 * and why, is in docs/performance.md ("Pacing that learns the budget").
 *
 * - It starts from the documented budget (`limit` per `windowMs`: Intune's 100 writes per 20 s),
 *   but sends the first writes in a ramp (`INITIAL_SHARE` of it, then `RAMP_GAIN` more per
 *   accepted write), so that a tenant with a smaller budget refuses a few writes, not most of a
 *   burst. (The same decisions pace reads, against Intune's read budget, with a steeper ramp;
 *   "writes" below.)
 * - A 429 is the truth about the budget: the writes Graph accepted in the pacer's window are as
 *   many as it allows (`limit`), and its `Retry-After` says when the oldest of them leaves the
 *   tenant's window (so the window is from that write's answer to the end of the `Retry-After`).
 * - Sustained success climbs back: after a window's worth of writes accepted without a 429 the
 *   pacer probes, one write beyond the limit in flight at a time; while Graph accepts them the
 *   limit follows the writes the window holds (so a share another deployment gave up is taken
 *   within round trips, not windows), and the first 429 ends the probe, at the cost of that one.
 */

/**
 * What is sent at once, before any answer came back (the ramp's start): `INITIAL_SHARE` of the
 * budget, at least `INITIAL_BURST` (at most the budget): 5 of Intune's 100 writes, 50 of its
 * 1,000 reads.
 */
export const INITIAL_BURST = 5;
/** The share of the budget the ramp starts from, when more than `INITIAL_BURST`. */
export const INITIAL_SHARE = 0.05;
/**
 * Writes in flight the ramp adds per accepted write (1.35 × per round trip): when the budget runs
 * out mid-ramp, the writes in flight then are refused, about a third of what was accepted. Less
 * refuses fewer and ramps slower (measured in test/provider/graph/pacingShapes.test.ts).
 */
export const RAMP_GAIN = 0.35;
/**
 * The ramp of reads: one more in flight per accepted read, twice as many per round trip. Reads
 * can afford it where writes cannot: a refused read changes nothing and is resent as it was, and
 * the first 429 closes the tenant's gate for every request whatever the ramp, so a steeper ramp
 * costs only the refused reads' own sub-requests (about as many as were accepted, when the budget
 * runs out mid-ramp), while at the writes' gain a refresh of 1,000 takes 7 round trips to send
 * its reads, 5 at this one (test/provider/graph/pacingShapes.test.ts, with the refusals it costs).
 */
export const READ_RAMP_GAIN = 1;

/** The pacer's belief about the budget. */
export interface PacingState {
    /** Writes believed allowed per `windowMs`. */
    limit: number;
    /** The window a write's slot is held for, counted from its answer. */
    windowMs: number;
    /** The most `limit` climbs back to: the configured (documented) budget. */
    ceilingLimit: number;
    /** Writes in flight the ramp adds per accepted write: `RAMP_GAIN`, or `READ_RAMP_GAIN` for reads. */
    rampGain: number;
    /** Writes the ramp allows in flight now; `Infinity` once the ramp is over (after the first 429, or once it reached `limit`). */
    rampSlots: number;
    /** Writes accepted since the last 429 (or the ramp's end). */
    acceptedInRow: number;
    /** One write beyond `limit` may be in flight: a window's worth was accepted in a row. */
    probing: boolean;
}

/** What the pacer saw when a write was refused with 429. */
export interface ThrottleEvidence {
    nowMs: number;
    /** The answer's `Retry-After` in ms, when it had one. */
    retryAfterMs: number | undefined;
    /** Writes accepted whose slot is still held (their window has not passed). */
    heldAccepted: number;
    /** When the oldest of them was answered; undefined when none is held. */
    oldestHeldAtMs: number | undefined;
}

/** The state before any answer: the configured budget, the ramp at its start. */
export function initialPacing(limit: number, windowMs: number, rampGain: number = RAMP_GAIN): PacingState {
    return {
        limit,
        windowMs,
        ceilingLimit: limit,
        rampGain,
        rampSlots: Math.min(limit, Math.max(INITIAL_BURST, Math.round(limit * INITIAL_SHARE))),
        acceptedInRow: 0,
        probing: false,
    };
}

/**
 * Writes that may be sent now, with `inFlight` sent and not answered and `held` accepted in the
 * window: the window holds at most `limit` (one more while probing), and while ramping at most
 * `rampSlots` are in flight (so the ramp grows by what comes back, like a congestion window, and
 * the held writes do not stall it).
 */
export function freeSlots(state: PacingState, inFlight: number, held: number): number {
    const windowSlots = state.limit + (state.probing ? 1 : 0) - held;
    return Math.max(0, Math.min(windowSlots, Math.floor(state.rampSlots)) - inFlight);
}

/**
 * After a write was accepted (any answer but 429), `held` counting it: the ramp grows; once over,
 * the limit is at least what the window holds (writes in flight at a 429 may still be accepted,
 * and probes are), up to the configured budget, and a window's worth in a row starts the probe.
 */
export function afterAccepted(state: PacingState, held: number): PacingState {
    if (state.rampSlots < state.limit) {
        const rampSlots = state.rampSlots + state.rampGain;
        return { ...state, rampSlots: rampSlots >= state.limit ? Number.POSITIVE_INFINITY : rampSlots };
    }
    const acceptedInRow = state.acceptedInRow + 1;
    const limit = Math.min(state.ceilingLimit, Math.max(state.limit, held));
    return { ...state, limit, rampSlots: Number.POSITIVE_INFINITY, acceptedInRow, probing: limit < state.ceilingLimit && acceptedInRow >= limit };
}

/**
 * After a write was refused with 429: `limit` becomes the writes accepted in the window (at least
 * one), the ramp and any probe are over, and with a `Retry-After` the window becomes the time from the oldest
 * held answer to the end of the wait (at least the wait itself, and 1 ms), so that slot frees
 * exactly when the gate opens. Each such estimate is at least the tenant's window (Graph rounds
 * `Retry-After` up to whole seconds, and the answer comes after the write counted), so the window
 * only shrinks, towards the tightest one seen; it starts at the documented window, the longest
 * Intune has. Without `Retry-After` the window stays.
 */
export function afterThrottled(state: PacingState, evidence: ThrottleEvidence): PacingState {
    const { nowMs, retryAfterMs, heldAccepted, oldestHeldAtMs } = evidence;
    const windowMs =
        retryAfterMs === undefined
            ? state.windowMs
            : Math.min(state.windowMs, Math.max(1, retryAfterMs, oldestHeldAtMs === undefined ? 0 : nowMs + retryAfterMs - oldestHeldAtMs));
    return { ...state, limit: Math.max(1, heldAccepted), windowMs, rampSlots: Number.POSITIVE_INFINITY, acceptedInRow: 0, probing: false };
}
