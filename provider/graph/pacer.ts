import { PacingState, RAMP_GAIN, afterAccepted, afterThrottled, freeSlots, initialPacing } from "./pacingDecisions";

/**
 * How a request's attempt ended, as far as the budget is concerned: Graph accepted it (any answer
 * but 429: it counted in the tenant's budget), refused it (429, with its `Retry-After`), or no
 * answer came (a timeout or a failed connection: it may have counted).
 */
export type SlotOutcome = { kind: "accepted" } | { kind: "refused"; retryAfterMs: number | undefined } | { kind: "unanswered" };

const ACCEPTED: SlotOutcome = { kind: "accepted" };

/** The two pacers of a session: Intune budgets writes and reads apart. */
export interface Pacers {
    /** PATCH: Intune documents 100 per 20 s per app, 200 per tenant. */
    writes: Pacer;
    /** GET: Intune documents 1,000 per 20 s per app, 2,000 per tenant. */
    reads: Pacer;
}

/**
 * Paces one kind of request (writes, or reads) to the tenant's budget, shared by every request
 * of the provider host process, so a burst of updates (or a refresh of a large fleet) waits its
 * turn instead of spending requests on 429s. It starts from the configured budget
 * (`perWindow` per `windowMs`; Intune documents 100 writes per 20 s per app) and then follows
 * Graph's answers (`./pacingDecisions.ts`): a refused request gives its slot back at once and sets
 * the budget to what Graph accepted, its `Retry-After` sets the window, and sustained success
 * probes for more.
 *
 * A request holds its slot from the moment it is sent until `windowMs` after its answer arrived.
 * Counting from the answer (not from the send) is conservative: the server saw the request no
 * later than that. When a 429 teaches a new window, every held slot frees at its answer plus that
 * window, so the oldest frees when the tenant's throttle gate opens (`./throttleGate.ts`): the
 * two do not stack their waits. `perWindow` of 0 turns pacing off.
 */
export class Pacer {
    private state: PacingState;
    private inFlight = 0;
    /** Answer times of the accepted (or unanswered) requests whose slot is still held, oldest first. */
    private readonly held: number[] = [];
    private readonly waiting: Array<() => void> = [];
    /** Frees the oldest held slot for the requests waiting; runs only while one waits. */
    private timer: NodeJS.Timeout | undefined;

    /** `rampGain`: how fast the first requests ramp up (`./pacingDecisions.ts`); the writes' by default. */
    constructor(
        readonly perWindow: number,
        readonly windowMs: number,
        rampGain: number = RAMP_GAIN,
    ) {
        this.state = initialPacing(perWindow, windowMs, rampGain);
    }

    /** True when pacing is on. */
    get enabled(): boolean {
        return this.perWindow > 0 && this.windowMs > 0;
    }

    /** Number of requests waiting for a slot. */
    get queued(): number {
        return this.waiting.length;
    }

    /** What the pacer believes of the budget now. */
    get pacing(): Readonly<PacingState> {
        return this.state;
    }

    /**
     * Waits for a free slot (in FIFO order). Call the returned function with the attempt's outcome
     * when its answer arrived or it failed (no argument: accepted). Calling it twice releases once.
     */
    async acquire(): Promise<(outcome?: SlotOutcome) => void> {
        if (!this.enabled) {
            return () => undefined;
        }
        if (this.waiting.length === 0 && this.free(Date.now()) > 0) {
            this.inFlight++;
        } else {
            const turn = new Promise<void>((resolve) => this.waiting.push(resolve)); // the grant counts it in flight
            this.schedule();
            await turn;
        }
        let released = false;
        return (outcome = ACCEPTED) => {
            if (released) {
                return;
            }
            released = true;
            this.inFlight--;
            const nowMs = Date.now();
            if (outcome.kind === "refused") {
                this.expire(nowMs);
                this.state = afterThrottled(this.state, {
                    nowMs,
                    retryAfterMs: outcome.retryAfterMs,
                    heldAccepted: this.held.length,
                    oldestHeldAtMs: this.held[0],
                });
            } else {
                this.held.push(nowMs);
                if (outcome.kind === "accepted") {
                    this.state = afterAccepted(this.state, this.held.length);
                }
            }
            this.grant();
        };
    }

    private free(nowMs: number): number {
        this.expire(nowMs);
        return freeSlots(this.state, this.inFlight, this.held.length);
    }

    private expire(nowMs: number): void {
        while (this.held.length > 0 && this.held[0] + this.state.windowMs <= nowMs) {
            this.held.shift();
        }
    }

    private grant(): void {
        const nowMs = Date.now();
        while (this.waiting.length > 0 && this.free(nowMs) > 0) {
            this.inFlight++;
            this.waiting.shift()!();
        }
        this.schedule();
    }

    private schedule(): void {
        clearTimeout(this.timer);
        this.timer = undefined;
        if (this.waiting.length === 0 || this.held.length === 0) {
            return; // nobody waits, or only for writes in flight: their release grants
        }
        this.timer = setTimeout(() => this.grant(), Math.max(0, this.held[0] + this.state.windowMs - Date.now()));
    }
}
