/** Waits shorter than these are not worth a log line (a timer's own granularity, a busy event loop). */
const NOTEWORTHY_WAIT_MS = 100;
const NOTEWORTHY_PACING_MS = 1000;

/**
 * What one provider operation (create, update, read, delete) cost in Graph requests: the numbers
 * behind the one summary line per noteworthy operation, and behind the bench's request counts.
 */
export class OperationStats {
    /** Requests sent, retries and token renewals included. */
    requests = 0;
    /** Requests repeated after a retriable failure. */
    retries = 0;
    /** Answers 429 (throttled). */
    throttled = 0;
    /** Time spent waiting on backoff and on the tenant's throttle gate. */
    waitedMs = 0;
    /** Time spent queued by pacing (writes and reads). */
    pacedMs = 0;
    /** Status of every answer, in order. */
    readonly statuses: number[] = [];
    /** Graph `request-id` of every answer that had one, in order. */
    readonly requestIds: string[] = [];

    noteAnswer(status: number, requestId: string | undefined): void {
        this.statuses.push(status);
        if (status === 429) {
            this.throttled++;
        }
        if (requestId) {
            this.requestIds.push(requestId);
        }
    }

    /** True when the operation did anything a user may want to know about. */
    get noteworthy(): boolean {
        return this.retries > 0 || this.throttled > 0 || this.waitedMs >= NOTEWORTHY_WAIT_MS || this.pacedMs >= NOTEWORTHY_PACING_MS;
    }

    /** One line: requests, retries, statuses other than success, time waited, request-ids. */
    summary(): string {
        const failures = this.statuses.filter((s) => s >= 400);
        const parts = [`${this.requests} request${this.requests === 1 ? "" : "s"}`];
        if (this.retries) {
            parts.push(`${this.retries} retr${this.retries === 1 ? "y" : "ies"} (answers ${failures.join(", ") || "none: connection failures"})`);
        }
        if (this.waitedMs >= NOTEWORTHY_WAIT_MS) {
            parts.push(`waited ${(this.waitedMs / 1000).toFixed(1)} s for throttling/backoff`);
        }
        if (this.pacedMs >= NOTEWORTHY_PACING_MS) {
            parts.push(`queued ${(this.pacedMs / 1000).toFixed(1)} s by pacing`);
        }
        if (this.requestIds.length) {
            parts.push(`request-ids ${this.requestIds.join(", ")}`);
        }
        return parts.join("; ");
    }
}
