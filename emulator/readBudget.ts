/**
 * The tenant's read budget: GET requests allowed per sliding window (Intune counts about 1,000
 * requests per 20 s per app and tenant), kept apart from the write budget so that a bench can
 * throttle reads alone. A GET refused with 429 does not spend it. Each sub-request of a JSON batch
 * is a GET of its own here (the batch sends it to the emulator as such).
 */
export class ReadBudget {
    private readonly acceptedAtMs: number[] = [];

    /**
     * Spends one read at `nowMs` when the budget allows it (`readsPerWindow` 0: unlimited) and
     * returns undefined; otherwise returns the milliseconds until the oldest read leaves the window.
     */
    spend(readsPerWindow: number, windowMs: number, nowMs: number): number | undefined {
        if (readsPerWindow <= 0) {
            return undefined;
        }
        while (this.acceptedAtMs.length && this.acceptedAtMs[0] <= nowMs - windowMs) {
            this.acceptedAtMs.shift();
        }
        if (this.acceptedAtMs.length >= readsPerWindow) {
            return this.acceptedAtMs[0] + windowMs - nowMs;
        }
        this.acceptedAtMs.push(nowMs);
        return undefined;
    }
}
