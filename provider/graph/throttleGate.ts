import { sleep } from "./sleep";

/**
 * One gate per tenant, shared by every request of the provider host process. When Graph answers
 * 429 or 503 with `Retry-After`, the whole tenant is over its budget, not only the request that
 * got the answer: the gate closes for that window and every request waits for it to open, instead
 * of each discovering the throttle with a request of its own.
 */
export class ThrottleGate {
    private openAtMs = 0;

    /** Keeps the gate closed until `delayMs` from now (never shortens a longer closure). */
    closeFor(delayMs: number, nowMs: number = Date.now()): void {
        this.openAtMs = Math.max(this.openAtMs, nowMs + delayMs);
    }

    /** Milliseconds until the gate opens; 0 when open. */
    remainingMs(nowMs: number = Date.now()): number {
        return Math.max(0, this.openAtMs - nowMs);
    }

    /** Waits until the gate is open (re-checking, as it may close again meanwhile); returns the time waited. */
    async wait(): Promise<number> {
        if (this.remainingMs() === 0) {
            return 0;
        }
        const started = Date.now();
        for (let remaining = this.remainingMs(); remaining > 0; remaining = this.remainingMs()) {
            await sleep(remaining);
        }
        return Date.now() - started;
    }
}
