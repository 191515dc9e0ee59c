/** How a write budget counts its window. */
export type BudgetWindow = "sliding" | "fixed";

/** The shape of one write budget, as the behaviour knobs give it (`behaviour.ts`). */
export interface BudgetShape {
    /** Writes allowed per window; 0 is unlimited. */
    writesPerWindow: number;
    windowMs: number;
    /**
     * `sliding`: a write is refused while `writesPerWindow` writes were accepted in the last
     * `windowMs`. `fixed`: windows of `windowMs` follow each other from the budget's start, each
     * with a fresh `writesPerWindow`.
     */
    window: BudgetWindow;
    /** After this many writes accepted since the budget's start, the budget drops to `droppedWritesPerWindow`; 0 never. */
    dropAfterWrites: number;
    droppedWritesPerWindow: number;
}

/**
 * One write budget: the writes it accepted and when. Time is passed in, so the shapes are tested
 * without waiting. The emulator keeps one for the tenant and one per calling app (`graphEmulator.ts`).
 */
export class WriteBudget {
    /** When the accepted writes still in a window were accepted, oldest first. */
    private readonly acceptedAtMs: number[] = [];
    private acceptedTotal = 0;

    /** @param startMs when the budget starts: its first fixed window begins then. */
    constructor(readonly startMs: number) {}

    /** Writes accepted since the budget's start. */
    get accepted(): number {
        return this.acceptedTotal;
    }

    /** Milliseconds until a write would be accepted at `nowMs` under `shape`: 0 for now. */
    waitMs(shape: BudgetShape, nowMs: number): number {
        this.forget(shape, nowMs);
        const limit = this.limit(shape);
        if (limit <= 0) {
            return 0;
        }
        if (shape.window === "fixed") {
            const windowStartMs = this.startMs + Math.floor((nowMs - this.startMs) / shape.windowMs) * shape.windowMs;
            const inWindow = this.acceptedAtMs.filter((at) => at >= windowStartMs).length;
            return inWindow < limit ? 0 : windowStartMs + shape.windowMs - nowMs;
        }
        const inWindow = this.acceptedAtMs.length;
        // The write that must leave the window before one more fits: with a lower budget after a drop, not the oldest.
        return inWindow < limit ? 0 : this.acceptedAtMs[inWindow - limit] + shape.windowMs - nowMs;
    }

    /** Counts a write accepted at `nowMs`. */
    accept(shape: BudgetShape, nowMs: number): void {
        this.acceptedTotal++;
        if (this.limit(shape) > 0 || shape.dropAfterWrites > 0) {
            this.acceptedAtMs.push(nowMs);
        }
    }

    private limit(shape: BudgetShape): number {
        return shape.dropAfterWrites > 0 && this.acceptedTotal >= shape.dropAfterWrites ? shape.droppedWritesPerWindow : shape.writesPerWindow;
    }

    private forget(shape: BudgetShape, nowMs: number): void {
        while (this.acceptedAtMs.length > 0 && this.acceptedAtMs[0] <= nowMs - shape.windowMs) {
            this.acceptedAtMs.shift();
        }
    }
}
