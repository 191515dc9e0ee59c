import { SUMMARY_NOT_SERVED } from "../graph/client";
import { GraphError, isGraphError } from "../graph/errors";
import { CounterValues, formatCounters } from "../model/fields";
import type { OperationContext } from "./operationContext";
import { isWriteError } from "./writeError";
import { writeAndVerify } from "./writeVerification";

/** The one step out when the values cannot be put back; every message about it names it. */
const SKIP_RESTORING =
    "To destroy without restoring, run INTUNE_SKIP_RESTORE_ON_DESTROY=true pulumi destroy (or set intune:skipRestoreOnDestroy to true): " +
    "the stack then forgets the resource and the tenant keeps the values it has now.";

/**
 * Destroy could not put back the values seen before adoption: the resource stays in the stack.
 * The message says which values, why (the cause's message; for a summary Graph no longer serves,
 * without its advice to remove the resource, which is what destroy is doing) and the way out.
 */
export class RestoreFailedError extends Error {
    override readonly name = "RestoreFailedError";
    constructor(
        readonly mobileAppId: string,
        readonly values: CounterValues,
        cause: unknown,
    ) {
        const why =
            isGraphError(cause) && cause.kind === "summaryUnavailable"
                ? new GraphError({ ...cause, hint: `${SUMMARY_NOT_SERVED} This is not retried.` }).message
                : cause instanceof Error
                  ? cause.message
                  : String(cause);
        super(
            `Could not restore the install summary of app ${mobileAppId} to its values before adoption (${formatCounters(values)}): ` +
                `${why}${/[.!?]$/.test(why) ? "" : "."} ${SKIP_RESTORING}`,
            { cause },
        );
    }
}

/** Type guard for {@link RestoreFailedError}. */
export function isRestoreFailedError(e: unknown): e is RestoreFailedError {
    return e instanceof Error && e.name === "RestoreFailedError";
}

/**
 * PATCHes back `values` (the values seen before adoption) of app `mobileAppId` and verifies them,
 * as destroy of a resource with `restoreOnDestroy` does; with `intune:skipRestoreOnDestroy` it
 * sends nothing and warns, naming the values it leaves. An app that no longer exists has nothing
 * to restore. Any other failure throws {@link RestoreFailedError}.
 */
export async function restoreValuesBeforeAdoption(ctx: OperationContext, mobileAppId: string, values: CounterValues): Promise<void> {
    const skip = ctx.skipRestoreOnDestroy;
    if (skip) {
        ctx.log.log(
            "warning",
            `delete ${mobileAppId}: removed from the stack without restoring the values seen before adoption (${formatCounters(values)}), ` +
                `as ${skip.origin} says; the tenant keeps the values it has now.`,
        );
        return;
    }
    try {
        await writeAndVerify({ ...ctx, mobileAppId, values });
        ctx.log.log("info", `delete ${mobileAppId}: restored the values seen before adoption (${formatCounters(values)}).`);
    } catch (error) {
        // Whether the write landed does not matter here: the resource stays in the stack, and the next destroy writes again.
        const cause = isWriteError(error) ? error.cause : error;
        if (isGraphError(cause) && cause.kind === "appNotFound") {
            ctx.log.log("info", `delete ${mobileAppId}: the app no longer exists; nothing to restore.`);
            return;
        }
        throw new RestoreFailedError(mobileAppId, values, cause);
    }
}
