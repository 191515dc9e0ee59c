import type { GraphAnswer } from "../graph/client";
import type { OperationStats } from "../graph/stats";
import type { Logger } from "../log/log";
import type { CounterValues } from "../model/fields";
import type { InstallSummary } from "../model/installSummary";

/**
 * What the operations need of a Graph client: read and write the install summary of one app.
 * `GraphClient` (`../graph/client.ts`) is one; the operations' unit tests use a fake.
 */
export interface SummaryClient {
    /** GETs the summary of app `appId`. Failures throw `GraphError` (kind `appNotFound` when the app does not exist). */
    getInstallSummary(appId: string, stats: OperationStats): Promise<GraphAnswer<InstallSummary>>;
    /**
     * PATCHes counters of app `appId`. The answer's body is the entity when Graph echoes it (200) and
     * undefined otherwise (204, or an echo that cannot be read). Failures throw `GraphError`.
     */
    patchInstallSummary(appId: string, values: CounterValues, stats: OperationStats): Promise<GraphAnswer<InstallSummary>>;
}

/** What a write that Graph accepted but did not apply does (`intune:writeVerification`): fail, warn, or nothing. */
export const VERIFY_MODES = ["error", "warn", "off"] as const;

/** One of {@link VERIFY_MODES}. */
export type VerifyMode = (typeof VERIFY_MODES)[number];

/** How write verification behaves; from `intune:writeVerification` and `intune:verifyTimeoutMs`. */
export interface VerifyOptions {
    mode: VerifyMode;
    /** How long declared values that the read-back does not show are re-read (eventual consistency). */
    timeoutMs: number;
}

/**
 * What one operation (create, update, read, delete) runs with. Its host builds it for each call
 * (the dynamic provider from the session of the deployment): nothing here is global.
 */
export interface OperationContext {
    client: SummaryClient;
    /** The request statistics of this operation. */
    stats: OperationStats;
    log: Logger;
    verify: VerifyOptions;
    /** Present when destroy does not restore values (`intune:skipRestoreOnDestroy` true); `origin` names the setting, for the warning. */
    skipRestoreOnDestroy?: { origin: string };
}
