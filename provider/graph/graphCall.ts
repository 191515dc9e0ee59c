import type { PipelineRequest } from "@azure/core-rest-pipeline";
import type { RetryDecision } from "./retryPolicy";
import type { OperationStats } from "./stats";

/** Why the retry strategy stopped a call that could have been retried (the retries are spent, or the wait would pass the budget). */
export type StopDecision = Extract<RetryDecision, { retry: false; reason: "attempts" | "budget" }>;

/**
 * One Graph call: one request of the pipeline and all its attempts. The policies of this project
 * (`./policies/`, `./retryStrategies/`) share it through {@link callOf}: what they count, the
 * time budget they spend, and why the retries stopped, so the client's message can say so.
 */
export class GraphCall {
    /** Requests sent for this call, retries and the one after a token renewal included. */
    attempts = 0;
    /** Time spent queued by write pacing; not part of the time budget. */
    pacedMs = 0;
    /** Whether the token was renewed after a 401 already: once per call. */
    tokenRenewed = false;
    /** Set when the retry strategy stopped retrying; absent when the last answer was not retriable. */
    stop: StopDecision | undefined;
    private readonly startedMs = Date.now();

    constructor(
        readonly method: "GET" | "PATCH",
        /** Below the API version, e.g. `/deviceAppManagement/mobileApps/{id}/installSummary`. */
        readonly path: string,
        /** The statistics of the operation this call is part of. */
        readonly stats: OperationStats,
        /** Longest the call may take, retries and throttle waits included, time queued by the pacer excluded. */
        readonly operationTimeoutMs: number,
        /** Sent as `client-request-id` with every attempt. */
        readonly clientRequestId: string,
    ) {}

    /** What is left of the time budget now. */
    remainingMs(nowMs: number = Date.now()): number {
        return this.operationTimeoutMs - (nowMs - this.startedMs - this.pacedMs);
    }
}

const calls = new WeakMap<PipelineRequest, GraphCall>();

/** Makes `call` the call of `request`, for the policies it passes through. */
export function bindCall(request: PipelineRequest, call: GraphCall): void {
    calls.set(request, call);
}

/** The call of `request`; every request of the Graph pipeline has one (see {@link bindCall}). */
export function callOf(request: PipelineRequest | undefined): GraphCall {
    const call = request && calls.get(request);
    if (call === undefined) {
        throw new Error("a request reached the Graph pipeline's policies without its GraphCall (bindCall)");
    }
    return call;
}
