/**
 * At most `limit` requests in flight at once; the others wait here, first come first served.
 *
 * The Graph client takes a slot for each request, sized like its keep-alive agents' `maxSockets`,
 * so requests wait here and never in the agent's own queue. That matters with node-fetch 2
 * (cross-fetch on Node): when the agent hands a socket that was just freed straight to a queued
 * request, node-fetch's check for chunked answers that end early sees the next request's listener
 * on the socket and fails the previous answer with "Premature close", although its body arrived
 * whole. Under load (more resources than sockets) that failed about half of all reads, each then
 * sent again. A slot is released only after the body was read, when the socket is already back in
 * the agent's free pool.
 */
export class RequestSlots {
    private inUse = 0;
    private readonly waiting: Array<() => void> = [];

    constructor(readonly limit: number) {}

    /** Requests waiting for a slot now. */
    get queued(): number {
        return this.waiting.length;
    }

    /** Waits for a slot; call the returned function once the answer was read (or failed). Calling it twice releases once. */
    async acquire(): Promise<() => void> {
        if (this.inUse < this.limit) {
            this.inUse++;
        } else {
            await new Promise<void>((resolve) => this.waiting.push(resolve));
        }
        let released = false;
        return () => {
            if (released) {
                return;
            }
            released = true;
            const next = this.waiting.shift();
            if (next) {
                next(); // the slot passes straight to the next request: inUse stays the same
            } else {
                this.inUse--;
            }
        };
    }
}
