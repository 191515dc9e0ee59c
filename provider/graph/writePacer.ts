/**
 * Paces writes to a budget of `writesPerWindow` per `windowMs`, shared by every request of the
 * provider host process, so a burst of updates waits its turn instead of spending requests on
 * 429s. Intune allows 100 writes per 20 s per calling app per tenant (200 per tenant).
 *
 * A write holds its slot from the moment it is sent until `windowMs` after its answer arrived.
 * Counting from the answer (not from the send) is conservative: the server saw the write no later
 * than that, so the next write in the slot reaches it after its window has passed.
 * `writesPerWindow` of 0 turns pacing off.
 */
export class WritePacer {
    private inUse = 0;
    private readonly waiting: Array<() => void> = [];
    /** Slots on their way back; they keep the process alive only while a writer waits for one. */
    private readonly returning = new Set<NodeJS.Timeout>();

    constructor(
        readonly writesPerWindow: number,
        readonly windowMs: number,
    ) {}

    /** True when pacing is on. */
    get enabled(): boolean {
        return this.writesPerWindow > 0 && this.windowMs > 0;
    }

    /** Number of writes waiting for a slot. */
    get queued(): number {
        return this.waiting.length;
    }

    /**
     * Waits for a free slot. Call the returned function when the write's answer arrived (or it
     * failed); the slot is free again one window later. Calling it twice releases once.
     */
    async acquire(): Promise<() => void> {
        if (!this.enabled) {
            return () => undefined;
        }
        if (this.inUse < this.writesPerWindow) {
            this.inUse++;
        } else {
            const turn = new Promise<void>((resolve) => this.waiting.push(resolve));
            this.returning.forEach((timer) => timer.ref());
            await turn;
        }
        let released = false;
        return () => {
            if (released) {
                return;
            }
            released = true;
            const timer = setTimeout(() => {
                this.returning.delete(timer);
                this.handOver();
            }, this.windowMs);
            if (this.waiting.length === 0) {
                timer.unref();
            }
            this.returning.add(timer);
        };
    }

    private handOver(): void {
        const next = this.waiting.shift();
        if (next) {
            next(); // the slot passes straight to the next writer: inUse stays the same
        } else {
            this.inUse--;
        }
        if (this.waiting.length === 0) {
            this.returning.forEach((timer) => timer.unref());
        }
    }
}
