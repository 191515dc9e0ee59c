import { OperationStats } from "../graph/stats";
import { abortable } from "../operations/abort";
import type { OperationContext } from "../operations/operationContext";
import type { Session } from "./session";

/**
 * Runs one operation that talks to Graph (create, read, update, delete) in its context: the
 * session's client, logger and verification settings, and request statistics of its own. Returns
 * its result redacted, and writes one line about it when anything noteworthy happened (retries,
 * throttling, waiting), so a slow deployment explains itself. With `signal`, the operation stops
 * when it aborts (`../operations/abort.ts`): a deadline, or a cancel.
 */
export async function runOperation<T>(
    s: Session,
    name: string,
    mobileAppId: string,
    body: (ctx: OperationContext) => Promise<T>,
    signal?: AbortSignal,
): Promise<T> {
    const stats = new OperationStats();
    const { writeVerification, verifyTimeoutMs, skipRestoreOnDestroy } = s.settings;
    const ctx: OperationContext = {
        client: signal ? abortable(s.client, signal) : s.client,
        stats,
        log: s.log,
        verify: { mode: writeVerification, timeoutMs: verifyTimeoutMs },
        skipRestoreOnDestroy,
    };
    try {
        return s.redactor.value(await body(ctx));
    } finally {
        if (stats.noteworthy) {
            s.log.log("info", `${name} ${mobileAppId}: ${stats.summary()}`);
        }
    }
}
