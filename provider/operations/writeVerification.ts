import type { GraphAnswer } from "../graph/client";
import { sleep } from "../graph/sleep";
import { CounterName, CounterValues, isCounterName } from "../model/fields";
import type { InstallSummary } from "../model/installSummary";
import type { OperationContext } from "./operationContext";
import { WriteError, landedOfPatchFailure } from "./writeError";

/** A declared counter whose read-back differs. `actual` is undefined when Graph did not return it. */
export interface Mismatch {
    field: CounterName;
    expected: number;
    actual: number | undefined;
}

/** The declared counters of `expected` that `actual` does not show, in the order of `expected`. */
export function findMismatches(expected: CounterValues, actual: Readonly<Record<string, unknown>>): Mismatch[] {
    const mismatches: Mismatch[] = [];
    for (const [field, value] of Object.entries(expected)) {
        if (isCounterName(field) && value !== undefined && actual[field] !== value) {
            const seen = actual[field];
            mismatches.push({ field, expected: value, actual: typeof seen === "number" ? seen : undefined });
        }
    }
    return mismatches;
}

/** The facts of a write Graph accepted but did not apply; the message is composed from them. */
export interface WriteNotAppliedDetails {
    mobileAppId: string;
    mismatches: readonly Mismatch[];
    patchRequestId: string | undefined;
    lastReadRequestId: string | undefined;
    /** How long verification re-read before it gave up. */
    waitedMs: number;
    /** The entity as last read: what the tenant really holds. */
    actual: InstallSummary;
}

/** Graph accepted a PATCH, and reading back still showed other values when verification gave up. */
export class WriteNotAppliedError extends Error implements WriteNotAppliedDetails {
    override readonly name = "WriteNotAppliedError";
    readonly mobileAppId: string;
    readonly mismatches: readonly Mismatch[];
    readonly patchRequestId: string | undefined;
    readonly lastReadRequestId: string | undefined;
    readonly waitedMs: number;
    readonly actual: InstallSummary;

    constructor(details: WriteNotAppliedDetails) {
        const { mobileAppId, mismatches, patchRequestId, lastReadRequestId, waitedMs } = details;
        super(
            `Graph accepted the PATCH of the install summary of app ${mobileAppId} (request-id ${patchRequestId ?? "none"}) but did not apply it: ` +
                `reading back ${(waitedMs / 1000).toFixed(1)} s later still shows ` +
                mismatches.map((m) => `${m.field} = ${m.actual ?? "(absent)"} instead of ${m.expected}`).join(", ") +
                ` (last read request-id ${lastReadRequestId ?? "none"}). Intune computes these counters itself from device ` +
                `check-ins and may drop writes to them. Stop declaring these counters, or set intune:writeVerification ` +
                `to warn (log and record the actual values) or off.`,
        );
        this.mobileAppId = mobileAppId;
        this.mismatches = mismatches;
        this.patchRequestId = patchRequestId;
        this.lastReadRequestId = lastReadRequestId;
        this.waitedMs = waitedMs;
        this.actual = details.actual;
    }
}

/** Type guard for {@link WriteNotAppliedError}. */
export function isWriteNotAppliedError(e: unknown): e is WriteNotAppliedError {
    return e instanceof Error && e.name === "WriteNotAppliedError";
}

/** Waits between re-reads: doubling from 200 ms. The total is bounded by `VerifyOptions.timeoutMs`. */
const FIRST_REREAD_DELAY_MS = 200;

/** One write: the counter `values` for the summary of app `mobileAppId`, with what it runs with. */
export interface Write extends Pick<OperationContext, "client" | "stats" | "log" | "verify"> {
    mobileAppId: string;
    values: CounterValues;
}

/**
 * PATCHes `values` and returns the entity as Graph holds it afterwards. When the PATCH answer
 * carries the entity (200) that is the read-back; after a 204 one GET reads it. Unless
 * `verify.mode` is `off`, declared values that the read-back does not show are re-read, with
 * doubling waits, for up to `verify.timeoutMs` (eventual consistency); if they still differ,
 * `error` fails with {@link WriteNotAppliedError} and `warn` logs the same message and returns
 * the actual entity.
 *
 * @throws WriteError for every failure, saying how far the write got (`landed`) and why (`cause`).
 */
export async function writeAndVerify({ client, stats, log, verify, mobileAppId, values }: Write): Promise<InstallSummary> {
    let patch: GraphAnswer<InstallSummary>;
    try {
        patch = await client.patchInstallSummary(mobileAppId, values, stats);
    } catch (cause) {
        throw new WriteError({ landed: landedOfPatchFailure(cause), cause });
    }
    // Graph answered the PATCH with a 2xx: whatever fails from here on, the write was accepted.
    try {
        const echoed = patch.body && findMismatches(values, patch.body).every((m) => m.actual !== undefined) ? patch.body : undefined;
        let read = echoed ? { body: echoed, requestId: patch.requestId } : await client.getInstallSummary(mobileAppId, stats);
        let entity = read.body!;
        if (verify.mode === "off") {
            return entity;
        }
        const started = Date.now();
        let delayMs = FIRST_REREAD_DELAY_MS;
        while (findMismatches(values, entity).length > 0 && Date.now() - started + delayMs <= verify.timeoutMs) {
            await sleep(delayMs);
            delayMs *= 2;
            read = await client.getInstallSummary(mobileAppId, stats);
            entity = read.body!;
        }
        const mismatches = findMismatches(values, entity);
        if (mismatches.length === 0) {
            return entity;
        }
        const notApplied = new WriteNotAppliedError({
            mobileAppId,
            mismatches,
            patchRequestId: patch.requestId,
            lastReadRequestId: read.requestId,
            waitedMs: Date.now() - started,
            actual: entity,
        });
        if (verify.mode === "error") {
            throw notApplied;
        }
        log.log("warning", notApplied.message);
        return entity;
    } catch (cause) {
        throw new WriteError({ landed: "yes", cause, readBack: isWriteNotAppliedError(cause) ? cause.actual : undefined });
    }
}
