import { CounterName, CounterValues, isCounterName } from "./fields";
import type { GraphClient, InstallSummary } from "./graph/client";
import { sleep } from "./graph/sleep";
import type { OperationStats } from "./graph/stats";
import type { Logger } from "./log";
import type { Settings, WriteVerification } from "./settings";

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

/** Graph accepted a PATCH, and reading back still showed other values when verification gave up. */
export class WriteNotAppliedError extends Error {
    override readonly name = "WriteNotAppliedError";
    constructor(
        readonly mobileAppId: string,
        readonly mismatches: readonly Mismatch[],
        readonly patchRequestId: string | undefined,
        readonly lastReadRequestId: string | undefined,
        readonly waitedMs: number,
        /** The entity as last read: what the tenant really holds. */
        readonly actual: InstallSummary,
    ) {
        super(
            `Graph accepted the PATCH of the install summary of app ${mobileAppId} (request-id ${patchRequestId ?? "none"}) but did not apply it: ` +
                `reading back ${(waitedMs / 1000).toFixed(1)} s later still shows ` +
                mismatches.map((m) => `${m.field} = ${m.actual ?? "(absent)"} instead of ${m.expected}`).join(", ") +
                ` (last read request-id ${lastReadRequestId ?? "none"}). Intune computes these counters itself from device ` +
                `check-ins and may drop writes to them. Stop declaring these counters, or set intune:writeVerification ` +
                `to warn (log and record the actual values) or off.`,
        );
    }
}

/** Type guard for {@link WriteNotAppliedError}. */
export function isWriteNotAppliedError(e: unknown): e is WriteNotAppliedError {
    return e instanceof Error && e.name === "WriteNotAppliedError";
}

/** How write verification behaves; from `intune:writeVerification` and `intune:verifyTimeoutMs`. */
export interface VerifyOptions {
    mode: WriteVerification;
    timeoutMs: number;
}

/** The verify options of the settings. */
export function verifyOptions(settings: Pick<Settings, "writeVerification" | "verifyTimeoutMs">): VerifyOptions {
    return { mode: settings.writeVerification, timeoutMs: settings.verifyTimeoutMs };
}

/** Waits between re-reads: doubling from 200 ms. The total is bounded by `VerifyOptions.timeoutMs`. */
const FIRST_REREAD_DELAY_MS = 200;

/**
 * PATCHes `values` and returns the entity as Graph holds it afterwards. When the PATCH answer
 * carries the entity (200) that is the read-back; after a 204 one GET reads it. Unless `mode` is
 * `off`, declared values that the read-back does not show are re-read, with doubling waits,
 * for up to `timeoutMs` (eventual consistency); if they still differ, `error` throws
 * {@link WriteNotAppliedError} and `warn` logs the same message and returns the actual entity.
 */
export async function writeAndVerify(
    client: GraphClient,
    mobileAppId: string,
    values: CounterValues,
    options: VerifyOptions,
    stats: OperationStats,
    log: Logger,
): Promise<InstallSummary> {
    const patch = await client.patchInstallSummary(mobileAppId, values, stats);
    try {
        const echoed = patch.body && findMismatches(values, patch.body).every((m) => m.actual !== undefined) ? patch.body : undefined;
        let read = echoed ? { body: echoed, requestId: patch.requestId } : await client.getInstallSummary(mobileAppId, stats);
        let entity = read.body!;
        if (options.mode === "off") {
            return entity;
        }
        const started = Date.now();
        let delayMs = FIRST_REREAD_DELAY_MS;
        while (findMismatches(values, entity).length > 0 && Date.now() - started + delayMs <= options.timeoutMs) {
            await sleep(delayMs);
            delayMs *= 2;
            read = await client.getInstallSummary(mobileAppId, stats);
            entity = read.body!;
        }
        const mismatches = findMismatches(values, entity);
        if (mismatches.length === 0) {
            return entity;
        }
        const error = new WriteNotAppliedError(mobileAppId, mismatches, patch.requestId, read.requestId, Date.now() - started, entity);
        if (options.mode === "error") {
            throw error;
        }
        log.log("warning", error.message);
        return entity;
    } catch (error) {
        // Graph answered the PATCH with a 2xx: whatever failed afterwards, the write was accepted.
        if (error !== null && typeof error === "object") {
            acceptedWrites.add(error);
        }
        throw error;
    }
}

/** Errors thrown by {@link writeAndVerify} after Graph accepted the PATCH (a read-back failed). */
const acceptedWrites = new WeakSet<object>();

/**
 * True when `error` came from {@link writeAndVerify} after Graph had answered the PATCH with a
 * 2xx: the write was accepted even though the operation failed (the read-back failed, or did not
 * show the values). A create must then still be recorded by Pulumi.
 */
export function writeWasAccepted(error: unknown): boolean {
    return error !== null && typeof error === "object" && acceptedWrites.has(error);
}
