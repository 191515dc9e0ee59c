import { isGraphError } from "../graph/errors";
import type { InstallSummary } from "../model/installSummary";
import { isOperationAbortedError } from "./abort";

/**
 * How far a write that failed got, which decides what a create records:
 * - `yes`: Graph answered the PATCH with a 2xx, so it accepted the values; what failed came after
 *   (reading back, or the read-back did not show them);
 * - `maybe`: no answer came (a connection failure, a timeout, a deadline or cancel while it was on
 *   its way) or Graph failed on its side (5xx): the PATCH may have been applied;
 * - `no`: Graph refused the PATCH (any other error status), or it was never sent (no token).
 */
export type Landed = "yes" | "maybe" | "no";

/** The facts of a failed write; the message is composed from them. */
export interface WriteErrorDetails {
    landed: Landed;
    /** What failed: a `GraphError` of the PATCH or of a read-back, or a `WriteNotAppliedError`. */
    cause: unknown;
    /** The entity as last read back after the write landed, when a read-back succeeded (verification found other values). */
    readBack?: InstallSummary;
}

/**
 * A write (PATCH, read-back, verification) that failed, as `writeAndVerify` reports it: how far it
 * got and why. Its message is the cause's: what the user reads is the cause; the operations
 * decide from `landed` what to record, then throw the cause or a failure of their own.
 */
export class WriteError extends Error implements WriteErrorDetails {
    override readonly name = "WriteError";
    readonly landed: Landed;
    override readonly cause: unknown;
    readonly readBack?: InstallSummary;

    constructor(details: WriteErrorDetails) {
        super(details.cause instanceof Error ? details.cause.message : String(details.cause), { cause: details.cause });
        this.landed = details.landed;
        this.cause = details.cause;
        this.readBack = details.readBack;
    }
}

/** Type guard for {@link WriteError}. */
export function isWriteError(e: unknown): e is WriteError {
    return e instanceof Error && e.name === "WriteError" && typeof (e as WriteError).landed === "string";
}

/**
 * How far a PATCH that failed got, from its error: `maybe` when no answer came (stopped while on
 * its way included) or Graph failed on its side after its retries, `no` otherwise. The verdict is
 * the last attempt's.
 */
export function landedOfPatchFailure(error: unknown): Exclude<Landed, "yes"> {
    if (isOperationAbortedError(error)) {
        return error.sent ? "maybe" : "no";
    }
    const unanswered = isGraphError(error) && (error.kind === "network" || error.kind === "timeout" || (error.kind === "http" && (error.status ?? 0) >= 500));
    return unanswered ? "maybe" : "no";
}
