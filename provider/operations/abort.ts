import type { GraphAnswer } from "../graph/client";
import type { OperationStats } from "../graph/stats";
import type { CounterValues } from "../model/fields";
import type { InstallSummary } from "../model/installSummary";
import type { SummaryClient } from "./operationContext";

/** Why an operation was stopped before it finished: a deadline it was given, or the user's cancel (Ctrl+C). */
export interface AbortReason {
    kind: "timeout" | "cancel";
    /** The sentence the user reads, e.g. `create did not finish within customTimeouts.create (30 s)`. */
    message: string;
}

/**
 * A Graph call that an operation's deadline or a cancel stopped. `sent` says whether the request
 * was on its way: a PATCH that was may have been applied (`./writeError.ts` counts it as `maybe`).
 */
export class OperationAbortedError extends Error {
    override readonly name = "OperationAbortedError";
    constructor(
        readonly reason: AbortReason,
        readonly sent: boolean,
    ) {
        super(reason.message);
    }
}

/** Type guard for {@link OperationAbortedError}. */
export function isOperationAbortedError(e: unknown): e is OperationAbortedError {
    return e instanceof Error && e.name === "OperationAbortedError" && typeof (e as OperationAbortedError).sent === "boolean";
}

/** The reason `signal` was aborted with, when it is an {@link AbortReason}; a plain abort is a cancel. */
function reasonOf(signal: AbortSignal): AbortReason {
    const reason = signal.reason as Partial<AbortReason> | undefined;
    return reason && (reason.kind === "timeout" || reason.kind === "cancel") && typeof reason.message === "string"
        ? { kind: reason.kind, message: reason.message }
        : { kind: "cancel", message: "cancelled" };
}

/**
 * `client`, stopped by `signal`: a call made after the abort fails at once (nothing is sent), and a
 * call under way when it comes fails at that moment, while its request is left to end by itself
 * (within `intune:requestTimeoutMs`; its answer is ignored). Either way with
 * {@link OperationAbortedError}, carrying the signal's {@link AbortReason}.
 */
export function abortable(client: SummaryClient, signal: AbortSignal): SummaryClient {
    const call = <T>(run: () => Promise<T>): Promise<T> => {
        if (signal.aborted) {
            return Promise.reject(new OperationAbortedError(reasonOf(signal), false));
        }
        return new Promise<T>((resolve, reject) => {
            const onAbort = () => reject(new OperationAbortedError(reasonOf(signal), true));
            signal.addEventListener("abort", onAbort, { once: true });
            run().then(
                (value) => {
                    signal.removeEventListener("abort", onAbort);
                    resolve(value);
                },
                (error: unknown) => {
                    signal.removeEventListener("abort", onAbort);
                    reject(error instanceof Error ? error : new Error(String(error)));
                },
            );
        });
    };
    return {
        getInstallSummary: (appId: string, stats: OperationStats): Promise<GraphAnswer<InstallSummary>> => call(() => client.getInstallSummary(appId, stats)),
        patchInstallSummary: (appId: string, values: CounterValues, stats: OperationStats): Promise<GraphAnswer<InstallSummary>> =>
            call(() => client.patchInstallSummary(appId, values, stats)),
    };
}
