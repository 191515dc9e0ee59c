import type { GraphAnswer } from "../../../provider/graph/client";
import { GraphError, GraphErrorKind } from "../../../provider/graph/errors";
import { OperationStats } from "../../../provider/graph/stats";
import { createLogger } from "../../../provider/log/log";
import type { CounterValues } from "../../../provider/model/fields";
import type { InstallSummary } from "../../../provider/model/installSummary";
import type { OperationContext, SummaryClient } from "../../../provider/operations/operationContext";

/**
 * A Graph client for the operations without HTTP: one app's install summary, the failures the next
 * calls throw, and the calls it got (`GET <id>`, `PATCH <id> <body>`).
 */
export class FakeGraph implements SummaryClient {
    readonly calls: string[] = [];
    summary: InstallSummary;
    /** What the next calls of each method throw, in order; once they run out, calls answer. A PATCH that throws changes nothing. */
    readonly failures: Record<"GET" | "PATCH", unknown[]> = { GET: [], PATCH: [] };
    /** How Graph answers a PATCH it accepts: 204 without a body, or 200 with the entity. */
    patchStatus: 200 | 204 = 204;
    /** false: Graph accepts writes (2xx) and drops them, as Intune may for counters it computes itself. */
    applyWrites = true;
    /** Counters the entity in a 200 answer to a PATCH leaves out. */
    echoOmits: string[] = [];

    constructor(counters: CounterValues) {
        this.summary = { id: "summary-1", ...counters };
    }

    async getInstallSummary(appId: string, stats: OperationStats): Promise<GraphAnswer<InstallSummary>> {
        this.calls.push(`GET ${appId}`);
        stats.requests++;
        this.throwScripted("GET");
        return { status: 200, body: { ...this.summary }, requestId: `read-${stats.requests}`, clientRequestId: "fake" };
    }

    async patchInstallSummary(appId: string, values: CounterValues, stats: OperationStats): Promise<GraphAnswer<InstallSummary>> {
        this.calls.push(`PATCH ${appId} ${JSON.stringify(values)}`);
        stats.requests++;
        this.throwScripted("PATCH");
        if (this.applyWrites) {
            this.summary = { ...this.summary, ...values };
        }
        const body = this.patchStatus === 200 ? Object.fromEntries(Object.entries(this.summary).filter(([name]) => !this.echoOmits.includes(name))) : undefined;
        return { status: this.patchStatus, body, requestId: `write-${stats.requests}`, clientRequestId: "fake" };
    }

    /** Throws the next scripted failure of `method`; an undefined entry lets that call answer. */
    private throwScripted(method: "GET" | "PATCH"): void {
        const failure = this.failures[method].shift();
        if (failure !== undefined) {
            throw failure;
        }
    }
}

/** A failure of a Graph call, as the client throws it. */
export function graphError(method: "GET" | "PATCH", kind: GraphErrorKind, status?: number, hint?: string): GraphError {
    return new GraphError({ kind, method, path: "/deviceAppManagement/mobileApps/x/installSummary", status, graphMessage: kind, attempts: 1, hint });
}

/** The context of one operation against `graph`, its log lines collected in `lines`; verification does not re-read (no waits). */
export function contextFor(graph: FakeGraph, lines: string[], overrides: Partial<OperationContext> = {}): OperationContext {
    return {
        client: graph,
        stats: new OperationStats(),
        log: createLogger("info", undefined, (line) => lines.push(line)),
        verify: { mode: "error", timeoutMs: 0 },
        ...overrides,
    };
}
